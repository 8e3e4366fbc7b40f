//! Saving new blobs: a bounded pipeline (compress on worker threads → pack →
//! encrypt → atomic put) that keeps memory flat however big the backup is.
//! Index files are written every few packs, so an interrupted backup leaves
//! most of its work reusable; packs written after the last index file are
//! recovered from their trailers on the next open.

use std::collections::HashSet;
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;

use crossbeam_channel::{bounded, unbounded, Receiver, Sender};

use crate::storage::Backend;

use super::blob::{self, BlobKind, EncodedBlob};
use super::crypto::{self, Recipients};
use super::error::{RepoError, Result};
use super::id::Id;
use super::index::{self, KeySet, PackInfo};
use super::pack::PackBuilder;
use super::repository::{index_key, pack_key, seal, IndexedRepo};

/// Packs per intermediate index file.
const INDEX_EVERY: usize = 16;

/// Raw bytes queued for compression or packing at most: deep enough that
/// the reader, the compressors and the packer rarely wait for each other,
/// and bounded in bytes (not blobs) so 2 MiB chunks cannot pile up.
const IN_FLIGHT_BYTES: usize = 8 << 20;

/// A byte budget shared by the reading thread (takes) and the packer (gives
/// back). A stopped packer closes it, so the reader never waits for bytes
/// that will not come back and instead meets the closed channel.
struct Budget {
    /// Bytes in flight, and whether the packer has stopped.
    state: Mutex<(usize, bool)>,
    freed: Condvar,
}

impl Budget {
    fn new() -> Budget {
        Budget {
            state: Mutex::new((0, false)),
            freed: Condvar::new(),
        }
    }

    /// Whether a take of `n` bytes waits, given (bytes in flight, packer
    /// stopped): only while the packer runs, something is queued, and `n`
    /// more would exceed the budget.
    fn must_wait((in_flight, closed): (usize, bool), n: usize) -> bool {
        !closed && in_flight > 0 && in_flight + n > IN_FLIGHT_BYTES
    }

    /// Waits until `n` more bytes fit (a blob bigger than the budget waits for an empty queue).
    fn take(&self, n: usize) {
        let Ok(mut s) = self.state.lock() else {
            return;
        };
        while Budget::must_wait(*s, n) {
            s = match self.freed.wait(s) {
                Ok(s) => s,
                Err(_) => return,
            };
        }
        s.0 += n;
    }

    fn give_back(&self, n: usize) {
        if let Ok(mut s) = self.state.lock() {
            s.0 = s.0.saturating_sub(n);
            self.freed.notify_all();
        }
    }

    fn close(&self) {
        if let Ok(mut s) = self.state.lock() {
            s.1 = true;
            self.freed.notify_all();
        }
    }
}

#[derive(Debug, Default, Clone)]
pub struct SaveStats {
    pub new_blobs: u64,
    pub new_bytes: u64,
    pub stored_bytes: u64,
    pub packs: u64,
    /// Index files written (prune replaces them with its own).
    pub index_files: Vec<Id>,
}

/// What a finished saver wrote.
pub type Saved = (Vec<PackInfo>, SaveStats);

pub struct BlobSaver {
    tx: Option<Sender<(Id, BlobKind, Vec<u8>)>>,
    workers: Vec<JoinHandle<()>>,
    packer: Option<JoinHandle<Result<Saved>>>,
    pending: HashSet<Id>,
    budget: Arc<Budget>,
}

struct PackerCtx {
    backend: Arc<dyn Backend>,
    recipients: Recipients,
    /// `recipients` as the index records them, shared by every pack.
    key_set: KeySet,
    pack_size: usize,
    budget: Arc<Budget>,
}

impl BlobSaver {
    pub fn start(repo: &IndexedRepo, threads: usize) -> BlobSaver {
        // The byte budget bounds both queues; the packer gives bytes back.
        let (tx, rx) = unbounded::<(Id, BlobKind, Vec<u8>)>();
        let (etx, erx) = unbounded::<std::io::Result<EncodedBlob>>();
        let budget = Arc::new(Budget::new());
        let level = repo.config().zstd_level;
        let workers = (0..threads.max(1))
            .map(|_| {
                let rx = rx.clone();
                let etx = etx.clone();
                std::thread::spawn(move || {
                    let mut enc = match blob::Encoder::new(level) {
                        Ok(e) => e,
                        Err(e) => {
                            let _ = etx.send(Err(e));
                            return;
                        }
                    };
                    for (id, kind, raw) in rx {
                        if etx.send(enc.encode(id, kind, raw)).is_err() {
                            break;
                        }
                    }
                })
            })
            .collect();
        drop(etx);
        let ctx = PackerCtx {
            backend: repo.backend().clone(),
            recipients: repo.recipients().clone(),
            key_set: KeySet::from(repo.recipients().to_strings()),
            pack_size: repo.config().pack_size as usize,
            budget: budget.clone(),
        };
        let packer = std::thread::spawn(move || run_packer(ctx, erx));
        BlobSaver {
            tx: Some(tx),
            workers,
            packer: Some(packer),
            pending: HashSet::new(),
            budget,
        }
    }

    /// Stored in a pack a new snapshot may reference, or already on its way
    /// into the repository. A blob only in a pack marked damaged or pending
    /// deletion, or in a missing pack, is not known: it is stored again.
    pub fn is_known(&self, repo: &IndexedRepo, id: &Id) -> bool {
        self.pending.contains(id) || repo.index().contains_reusable(id)
    }

    /// Queues a blob unless it is known; returns whether it was new.
    pub fn save(
        &mut self,
        repo: &IndexedRepo,
        id: Id,
        kind: BlobKind,
        data: &[u8],
    ) -> Result<bool> {
        if self.is_known(repo, &id) {
            return Ok(false);
        }
        // A send error means the packer stopped on an error; `finish` reports it.
        self.save_unconditionally(id, kind, data)?;
        Ok(true)
    }

    /// Queues a blob even if the index knows it (prune moves survivors of
    /// packs it is about to delete).
    pub fn save_unconditionally(&mut self, id: Id, kind: BlobKind, data: &[u8]) -> Result<()> {
        if self.pending.contains(&id) {
            return Ok(());
        }
        let tx = self.tx.as_ref().ok_or_else(aborted)?;
        self.budget.take(data.len());
        tx.send((id, kind, data.to_vec())).map_err(|_| aborted())?;
        self.pending.insert(id);
        Ok(())
    }

    /// Flushes everything and returns the packs written. On a failure the
    /// packer's own error (full disk, vanished medium) is returned.
    pub fn finish(mut self) -> Result<Saved> {
        self.tx.take();
        for w in self.workers.drain(..) {
            let _ = w.join();
        }
        match self.packer.take().map(|p| p.join()) {
            Some(Ok(r)) => r,
            _ => Err(aborted()),
        }
    }
}

fn aborted() -> RepoError {
    RepoError::damaged("backup pipeline", "stopped unexpectedly")
}

/// Writes happen on their own threads, so that encrypting the next pack
/// overlaps with writing (and fsyncing) the previous ones. A backend that
/// gains from parallel requests (S3) gets several puts in flight
/// (`Backend::concurrent_writes`); a disk gets one. An index file waits at a
/// barrier until every pack queued before it is durable, so it never names a
/// pack that is not stored.
struct Writer {
    backend: Arc<dyn Backend>,
    threads: usize,
    tx: Option<Sender<(String, Vec<u8>)>>,
    handles: Vec<JoinHandle<Result<()>>>,
    /// Set by a writer thread that failed: stop queueing, report its error.
    failed: Arc<std::sync::atomic::AtomicBool>,
}

impl Writer {
    fn start(backend: Arc<dyn Backend>) -> Writer {
        let threads = backend.concurrent_writes().clamp(1, 16);
        let mut w = Writer {
            backend,
            threads,
            tx: None,
            handles: Vec::new(),
            failed: Default::default(),
        };
        w.spawn();
        w
    }

    fn spawn(&mut self) {
        let (tx, rx) = bounded::<(String, Vec<u8>)>(0);
        for _ in 0..self.threads {
            let rx = rx.clone();
            let backend = self.backend.clone();
            let failed = self.failed.clone();
            self.handles.push(std::thread::spawn(move || {
                for (key, bytes) in rx {
                    if let Err(e) = backend.put(&key, &bytes) {
                        failed.store(true, std::sync::atomic::Ordering::SeqCst);
                        return Err(e.into());
                    }
                }
                Ok(())
            }));
        }
        self.tx = Some(tx);
    }

    fn put(&mut self, key: String, bytes: Vec<u8>) -> Result<()> {
        let sent = !self.failed.load(std::sync::atomic::Ordering::SeqCst)
            && self
                .tx
                .as_ref()
                .map(|tx| tx.send((key, bytes)).is_ok())
                .unwrap_or(false);
        if sent {
            Ok(())
        } else {
            // A writer stopped on an error: that error is the one to report.
            self.finish().and(Err(aborted()))
        }
    }

    /// Returns once every put queued so far is durable.
    fn barrier(&mut self) -> Result<()> {
        self.finish()?;
        self.spawn();
        Ok(())
    }

    fn finish(&mut self) -> Result<()> {
        self.tx.take();
        let mut result = Ok(());
        for h in self.handles.drain(..) {
            let r = h.join().unwrap_or_else(|_| Err(aborted()));
            if result.is_ok() {
                result = r;
            }
        }
        result
    }
}

fn run_packer(ctx: PackerCtx, rx: Receiver<std::io::Result<EncodedBlob>>) -> Result<Saved> {
    let mut writer = Writer::start(ctx.backend.clone());
    let result = pack_all(&ctx, rx, &mut writer);
    ctx.budget.close();
    // Packs queued before an error still reach the medium (the next run reuses them).
    let written = writer.finish();
    let saved = result?;
    written?;
    Ok(saved)
}

fn pack_all(
    ctx: &PackerCtx,
    rx: Receiver<std::io::Result<EncodedBlob>>,
    writer: &mut Writer,
) -> Result<Saved> {
    let mut stats = SaveStats::default();
    let mut all = Vec::new();
    let mut unindexed: Vec<PackInfo> = Vec::new();
    let mut builder = PackBuilder::with_capacity(ctx.pack_size + 1024 * 1024);
    for enc in rx {
        let enc = enc.map_err(|e| RepoError::damaged("compression", e))?;
        ctx.budget.give_back(enc.raw_len as usize);
        stats.new_blobs += 1;
        stats.new_bytes += enc.raw_len as u64;
        stats.stored_bytes += enc.bytes.len() as u64;
        builder.add(enc);
        if builder.len() >= ctx.pack_size {
            let full = std::mem::replace(
                &mut builder,
                PackBuilder::with_capacity(ctx.pack_size + 1024 * 1024),
            );
            unindexed.push(write_pack(ctx, writer, full)?);
            stats.packs += 1;
            if unindexed.len() >= INDEX_EVERY {
                stats
                    .index_files
                    .push(write_index(ctx, writer, &unindexed)?);
                all.append(&mut unindexed);
            }
        }
    }
    if !builder.is_empty() {
        unindexed.push(write_pack(ctx, writer, builder)?);
        stats.packs += 1;
    }
    if !unindexed.is_empty() {
        stats
            .index_files
            .push(write_index(ctx, writer, &unindexed)?);
        all.append(&mut unindexed);
    }
    Ok((all, stats))
}

fn write_pack(ctx: &PackerCtx, writer: &mut Writer, b: PackBuilder) -> Result<PackInfo> {
    let (plain, blobs) = b.finish();
    let cipher = crypto::encrypt(&ctx.recipients, &plain)
        .map_err(|e| RepoError::InvalidKey(e.to_string()))?;
    let id = Id::random();
    let info = PackInfo {
        id,
        cipher_len: cipher.len() as u64,
        header_len: crypto::header_len(cipher.len() as u64, plain.len() as u64) as u32,
        plain_len: plain.len() as u64,
        blobs: blobs.into(),
        recipients: Some(ctx.key_set.clone()),
    };
    drop(plain);
    writer.put(pack_key(&id), cipher)?;
    Ok(info)
}

fn write_index(ctx: &PackerCtx, writer: &mut Writer, packs: &[PackInfo]) -> Result<Id> {
    writer.barrier()?;
    let id = Id::random();
    let key = index_key(&id);
    let cipher = seal(&ctx.recipients, &key, &index::encode(packs))?;
    writer.put(key, cipher)?;
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::{Budget, IN_FLIGHT_BYTES};

    const MAX: usize = IN_FLIGHT_BYTES;

    #[test]
    fn budget_waits_only_when_a_running_packer_has_too_much_queued() {
        // Several 1 MiB chunks fit at once (the budget is 8 MiB, not 0).
        assert_eq!(MAX, 8 << 20);
        assert!(!Budget::must_wait((1 << 20, false), 1 << 20));
        // An empty queue takes a blob of any size.
        assert!(!Budget::must_wait((0, false), 2 * MAX));
        // A full queue waits, one that fits exactly does not.
        assert!(Budget::must_wait((MAX, false), 1));
        assert!(!Budget::must_wait((MAX - 1, false), 1));
        // A stopped packer never gives bytes back: nobody waits for it.
        assert!(!Budget::must_wait((MAX, true), 1));
    }

    #[test]
    fn budget_counts_taken_and_returned_bytes_and_closes() {
        let b = Budget::new();
        b.take(5);
        b.take(7);
        assert_eq!(*b.state.lock().unwrap(), (12, false));
        b.give_back(5);
        assert_eq!(*b.state.lock().unwrap(), (7, false));
        // More given back than taken (never happens) stays at zero.
        b.give_back(100);
        assert_eq!(*b.state.lock().unwrap(), (0, false));
        b.take(MAX);
        b.close();
        assert_eq!(*b.state.lock().unwrap(), (MAX, true));
        // Closed and full: a take returns instead of waiting.
        b.take(1);
        assert_eq!(*b.state.lock().unwrap(), (MAX + 1, true));
    }
}
