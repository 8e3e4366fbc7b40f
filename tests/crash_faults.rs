//! Deterministic crash points: a backup, a forget + prune and a restore run
//! on a `FaultyBackend` that fails — or cuts the power at — write N (read N
//! for the restore), for EVERY N the same run makes when nothing goes wrong,
//! as SQLite's I/O-error tests do. Each case starts from the same repository
//! (in memory) and then proves: every earlier snapshot restores bit-identical,
//! `check --read-data` is clean, and the next run succeeds without repair.
//!
//! The wall-clock kills of `tests/crash.rs` hit the short final phase (index
//! and snapshot writes) only by chance; here every write is a kill point and
//! the test asserts which kinds of write it covered.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;

use rand::{RngCore, SeedableRng};
use tresor::job::backup::{self, BackupPlan, SourceSpec};
use tresor::job::restore::{self, RestoreRequest};
use tresor::repo::check;
use tresor::repo::chunker::ChunkerParams;
use tresor::repo::crypto::{generate_key, Identities};
use tresor::repo::lock::{Exclusive, LockInfo, LockKind, LockedRepo, Shared};
use tresor::repo::prune;
use tresor::repo::repofile::Secrets;
use tresor::repo::{Id, IndexedRepo, InitOptions, Repository};
use tresor::report::Progress;
use tresor::source::files::WalkSpec;
use tresor::storage::faulty::{FaultyBackend, WriteFault};
use tresor::storage::memory::MemoryBackend;
use tresor::storage::Backend;

/// Relative path → content of a source folder (what a restore must give back).
type Files = BTreeMap<String, Vec<u8>>;
type Store = Arc<FaultyBackend<MemoryBackend>>;

/// Where sources appear in every snapshot of these tests.
const SNAP_PATH: &str = "praxis";

/// A process id no process has (pid_max is far below): a lock with it is
/// one a killed process left behind.
const DEAD_PID: u32 = u32::MAX - 1;

struct Lab {
    store: Store,
    ids: Arc<Identities>,
    tmp: tempfile::TempDir,
}

impl Lab {
    /// A repository with small chunks and packs, so that a backup of a few
    /// hundred KiB makes more than 16 packs (and so an intermediate index).
    fn new() -> Lab {
        let machine = generate_key();
        let recovery = generate_key();
        let mem = MemoryBackend::new();
        // Fixed chunker seed: the same bytes give the same writes every time.
        let small = ChunkerParams {
            min: 1024,
            avg: 4096,
            max: 16 * 1024,
            seed: 18,
        };
        let secrets = Secrets {
            id_key: hex_key(),
            chunker_files: small,
            chunker_pages: small,
        };
        let mut opts = InitOptions::new(vec![machine.recipient, recovery.recipient], secrets);
        opts.pack_size = 4 * 1024;
        let store: Store = Arc::new(FaultyBackend::new(mem));
        Repository::init(store.clone(), opts).expect("init");
        Lab {
            store,
            ids: Arc::new(Identities::parse(&machine.secret).expect("key")),
            tmp: scratch(),
        }
    }

    /// The repository's files, to start every fault case from the same state.
    fn save(&self) -> BTreeMap<String, Vec<u8>> {
        self.store.inner().with_files(|f| f.clone())
    }

    fn load(&self, state: &BTreeMap<String, Vec<u8>>) {
        self.store.heal();
        self.store.inner().with_files(|f| *f = state.clone());
    }

    fn locked<K: LockKind>(&self, purpose: &str) -> Result<LockedRepo<K>, String> {
        let repo =
            Repository::open(self.store.clone(), self.ids.clone()).map_err(|e| e.to_string())?;
        LockedRepo::<K>::open(repo, purpose).map_err(|e| e.to_string())
    }

    fn open(&self) -> IndexedRepo {
        Repository::open(self.store.clone(), self.ids.clone())
            .expect("open")
            .load_index()
            .expect("index")
    }

    /// After a fault: the power is back and the process that held a lock is
    /// gone (its lock is now stale, as after a real crash).
    fn reboot(&self) {
        self.store.heal();
        let mem = self.store.inner();
        for obj in mem.list("locks/").expect("list locks") {
            let mut info: LockInfo =
                serde_json::from_slice(&mem.get(&obj.key).expect("lock")).expect("lock json");
            info.pid = DEAD_PID;
            mem.put(&obj.key, &serde_json::to_vec(&info).expect("json"))
                .expect("put lock");
        }
    }

    fn source(&self, name: &str, files: &Files) -> std::path::PathBuf {
        let root = self.tmp.path().join(name);
        for (rel, data) in files {
            let p = root.join(rel);
            std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
            std::fs::write(&p, data).expect("write source");
        }
        root
    }

    /// A backup as the CLI runs it: lock first, then the index.
    fn backup(&self, src: &Path) -> Result<Id, String> {
        let mut repo = self.locked::<Shared>("backup")?;
        let plan = BackupPlan {
            job: "nightly".into(),
            practice: "Testpraxis".into(),
            sources: vec![SourceSpec {
                label: "praxis".into(),
                walk: WalkSpec {
                    root: src.to_path_buf(),
                    snapshot_path: SNAP_PATH.into(),
                    include: Vec::new(),
                    exclude: Vec::new(),
                    excluded_paths: Vec::new(),
                    optional: false,
                },
            }],
            databases: None,
            not_configured: Vec::new(),
            // One compression worker: blobs reach the packer in one order,
            // so every run of the same backup makes the same writes.
            threads: 1,
            evidence: None,
            guard: None,
        };
        backup::run(&mut repo, &plan, &Progress::hidden())
            .map(|o| {
                assert!(o.failures.is_empty() && o.warnings.is_empty());
                o.snapshot_id
            })
            .map_err(|e| e.to_string())
    }

    /// Snapshot ids, oldest first.
    fn snapshots(&self) -> Vec<Id> {
        let list = self.open().snapshots().expect("snapshots");
        assert!(list.damaged.is_empty(), "{:?}", list.damaged);
        list.ok.into_iter().map(|(id, _)| id).collect()
    }

    /// Restores `id` into a fresh folder and proves it equals `want`.
    fn assert_restores(&self, id: &Id, want: &Files, case: &str) {
        let repo = self.open();
        let (_, snap) = repo.find_snapshot(&id.to_hex()).expect("snapshot");
        let target = tempfile::tempdir_in(self.tmp.path()).expect("target");
        let req = RestoreRequest {
            target: target.path().to_path_buf(),
            include: Vec::new(),
            overwrite: false,
            threads: 1,
            keep_setid: false,
        };
        let out = restore::run(&repo, &snap, &req, &Progress::hidden())
            .unwrap_or_else(|e| panic!("{case}: restore of {} failed: {e}", id.short()));
        assert!(out.failed.is_empty(), "{case}: {:?}", out.failed);
        assert_eq!(
            &read_tree(&target.path().join(SNAP_PATH)),
            want,
            "{case}: snapshot {} restores different content",
            id.short()
        );
    }

    /// `check --read-data`: nothing wrong, nothing unreadable on open.
    fn assert_check_clean(&self, case: &str) {
        let repo = self.open();
        assert!(repo.problems.is_empty(), "{case}: {:?}", repo.problems);
        let r = check::check(&repo, true, &Progress::hidden()).expect("check runs");
        assert!(r.errors.is_empty(), "{case}: check: {:?}", r.errors);
        assert!(r.affected.is_empty(), "{case}: {:?}", r.affected);
    }

    /// Blob ids in the index: a next run that re-stored what a killed run
    /// left would show up as more blobs than needed.
    fn blob_ids(&self) -> BTreeSet<Id> {
        let repo = self.open();
        repo.index()
            .packs()
            .iter()
            .flat_map(|p| p.blobs.iter().map(|b| b.id))
            .collect()
    }

    /// Stored blob entries counting duplicates (one blob in two packs = 2).
    fn blob_entries(&self) -> usize {
        self.open()
            .index()
            .packs()
            .iter()
            .map(|p| p.blobs.len())
            .sum()
    }

    /// Blobs stored in more than one pack.
    fn duplicates(&self) -> BTreeSet<Id> {
        let mut seen = BTreeSet::new();
        let mut twice = BTreeSet::new();
        for p in self.open().index().packs() {
            for b in &p.blobs {
                if !seen.insert(b.id) {
                    twice.insert(b.id);
                }
            }
        }
        twice
    }

    /// Blob ids in the packs of `keys` (`packs/…`) as the index has them.
    fn blobs_in(&self, keys: &[&str]) -> BTreeSet<Id> {
        let repo = self.open();
        keys.iter()
            .filter_map(|k| Id::from_hex(k.rsplit('/').next()?))
            .filter_map(|id| repo.index().pack(&id))
            .flat_map(|p| p.blobs.iter().map(|b| b.id))
            .collect()
    }

    fn locks(&self) -> usize {
        self.store.inner().list("locks/").expect("list").len()
    }
}

/// Restores write many small files: on tmpfs where there is one, so that
/// a few hundred of them stay in seconds.
fn scratch() -> tempfile::TempDir {
    let shm = Path::new("/dev/shm");
    if shm.is_dir() {
        if let Ok(t) = tempfile::Builder::new()
            .prefix("tresor-faults")
            .tempdir_in(shm)
        {
            return t;
        }
    }
    tempfile::tempdir().expect("tempdir")
}

fn hex_key() -> String {
    let mut k = [0u8; 32];
    rand::rngs::StdRng::seed_from_u64(7).fill_bytes(&mut k);
    k.iter().map(|b| format!("{b:02x}")).collect()
}

/// Regular files below `root` (none if it does not exist).
fn read_tree(root: &Path) -> Files {
    if !root.exists() {
        return Files::new();
    }
    walkdir::WalkDir::new(root)
        .into_iter()
        .map(|e| e.expect("walk restored tree"))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(root).expect("prefix");
            (
                rel.to_string_lossy().into_owned(),
                std::fs::read(e.path()).expect("read restored file"),
            )
        })
        .collect()
}

/// A small practice: letters (compressible), scans (noise), an empty file,
/// nested folders; `seed` changes the content.
fn files(seed: u64, count: usize) -> Files {
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let mut out = Files::new();
    for i in 0..count {
        let size = 500 + (rng.next_u32() as usize % 9_000);
        let data = if i % 3 == 0 {
            format!("Befund {seed}/{i}: unauffällig. ")
                .repeat(size / 30 + 1)
                .into_bytes()
        } else {
            let mut v = vec![0u8; size];
            rng.fill_bytes(&mut v);
            v
        };
        out.insert(format!("DEDATA/{:02}/datei_{i:03}.dat", i % 4), data);
    }
    out.insert("leer.txt".into(), Vec::new());
    out
}

/// What a write of the log is, for the coverage assertion.
fn kind(write: &str) -> &'static str {
    let key = write.split_once(' ').map(|(_, k)| k).unwrap_or("");
    match (write.split(' ').next(), key.split('/').next()) {
        (Some("put_new"), Some("locks")) => "lock taken",
        (Some("delete"), Some("locks")) => "lock released",
        (Some("put"), Some("packs")) => "pack",
        (Some("put"), Some("index")) => "index",
        (Some("put"), Some("snapshots")) => "snapshot",
        (Some("delete"), Some("snapshots")) => "snapshot deleted",
        (Some("delete"), Some("index")) => "index deleted",
        (Some("delete"), Some("packs")) => "pack deleted",
        (Some("put"), Some("pending")) => "deletion mark",
        (Some("delete"), Some("pending")) => "deletion mark removed",
        _ => "other",
    }
}

/// Writes `f` makes from the current state, and their log.
fn count_writes(lab: &Lab, f: impl FnOnce()) -> Vec<String> {
    let before = lab.store.write_log().len();
    f();
    lab.store.write_log()[before..].to_vec()
}

#[test]
fn backup_faulted_at_every_write_leaves_a_repository_the_next_run_recovers() {
    let lab = Lab::new();
    let first = files(1, 12);
    let src1 = lab.source("first", &first);
    // The second run changes some files, adds new ones and keeps the rest.
    let mut second = first.clone();
    second.extend(files(2, 40));
    second.insert("DEDATA/00/datei_000.dat".into(), b"geaendert".repeat(700));
    let src2 = lab.source("second", &second);

    let repo = lab.open();
    let s1 = lab.backup(&src1).expect("first backup");
    drop(repo);
    lab.reboot();
    let base = lab.save();

    // A clean second run: how many writes, of which kind.
    let repo = lab.open();
    let mut clean_snap = None;
    let log = count_writes(&lab, || clean_snap = Some(lab.backup(&src2)));
    clean_snap.expect("ran").expect("clean second backup");
    drop(repo);
    let clean_blobs = lab.blob_ids();
    let kinds: Vec<&str> = log.iter().map(|w| kind(w)).collect();
    assert_eq!(kinds.first(), Some(&"lock taken"), "{log:?}");
    assert_eq!(&kinds[kinds.len() - 2..], ["snapshot", "lock released"]);
    assert!(
        kinds.iter().filter(|k| **k == "index").count() >= 2,
        "an intermediate and a final index file: {kinds:?}"
    );
    assert!(kinds.iter().filter(|k| **k == "pack").count() > 16);
    let writes = log.len() as u64;
    eprintln!("a clean second backup writes: {kinds:?}");

    let mut covered: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for mode in [WriteFault::Fail, WriteFault::Abort] {
        for n in 1..=writes {
            let case = format!(
                "{mode:?} at write {n} of {writes} ({})",
                kinds[n as usize - 1]
            );
            lab.load(&base);
            let repo = lab.open();
            let start = lab.store.writes() as usize;
            lab.store.set_fault_at_write(n, mode);
            let result = lab.backup(&src2);
            drop(repo);
            assert!(lab.store.fault_fired(), "{case}: the run never got there");
            // The run wrote what the clean run wrote, up to the fault.
            let faulted: Vec<&str> = lab.store.write_log()[start..start + n as usize]
                .iter()
                .map(|w| kind(w))
                .collect();
            assert_eq!(faulted, kinds[..n as usize], "{case}");
            let released = kinds[n as usize - 1] == "lock released";
            // Only a lost lock release (after the snapshot) is not the run's failure.
            assert_eq!(result.is_ok(), released, "{case}: {result:?}");
            lab.reboot();

            let snaps = lab.snapshots();
            assert_eq!(snaps.len(), 1 + usize::from(released), "{case}");
            lab.assert_restores(&s1, &first, &case);
            lab.assert_check_clean(&case);
            if released {
                assert_eq!(lab.locks(), 1, "{case}: the lost release left its lock");
                lab.assert_restores(&snaps[1], &second, &case);
            }

            // The next run succeeds without repair and reuses what landed.
            let repo = lab.open();
            let left_blobs = repo.index().blob_count();
            let next = lab
                .backup(&src2)
                .unwrap_or_else(|e| panic!("{case}: next backup: {e}"));
            drop(repo);
            assert_eq!(lab.locks(), 0, "{case}: stale lock removed");
            lab.assert_restores(&next, &second, &case);
            lab.assert_check_clean(&case);
            assert_eq!(lab.blob_ids(), clean_blobs, "{case}");
            assert_eq!(
                lab.blob_entries(),
                clean_blobs.len(),
                "{case}: a blob stored twice ({left_blobs} blobs were there before)"
            );
            *covered
                .entry((
                    if mode == WriteFault::Fail {
                        "fail"
                    } else {
                        "abort"
                    },
                    kinds[n as usize - 1],
                ))
                .or_default() += 1;
        }
    }
    eprintln!("backup: {writes} write points, each failed and cut: {covered:?}");
    for mode in ["fail", "abort"] {
        for k in ["lock taken", "pack", "index", "snapshot", "lock released"] {
            assert!(covered.contains_key(&(mode, k)), "{mode} {k} not covered");
        }
    }
}

/// `forget` (deleting snapshot files) and `prune` faulted at every write and
/// delete they make.
#[test]
fn forget_and_prune_faulted_at_every_write_leave_every_kept_snapshot_whole() {
    let lab = Lab::new();
    // Three days: the second and third share files with the day before, so
    // forgetting the first two leaves packs to delete and packs to repack.
    let day1 = files(10, 24);
    let mut day2: Files = day1
        .iter()
        .skip(12)
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    day2.extend(
        files(11, 24)
            .into_iter()
            .map(|(k, v)| (format!("neu/{k}"), v)),
    );
    let mut day3: Files = day2
        .iter()
        .skip(6)
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    day3.extend(
        files(12, 6)
            .into_iter()
            .map(|(k, v)| (format!("heute/{k}"), v)),
    );
    let mut sources = Vec::new();
    let mut by_id: BTreeMap<Id, Files> = BTreeMap::new();
    for (i, day) in [day1, day2, day3].into_iter().enumerate() {
        let src = lab.source(&format!("day{i}"), &day);
        by_id.insert(lab.backup(&src).expect("backup"), day);
        sources.push(src);
    }
    lab.reboot();
    let snaps = lab.snapshots();
    let keep = snaps[2];
    let base = lab.save();

    // Prune is two-phase: the first run marks unneeded packs, the second
    // deletes them; both are faulted at every write.
    let forget_and_prune = |lab: &Lab| -> Result<prune::PruneReport, String> {
        let repo = lab.open();
        for id in lab.snapshots().iter().filter(|id| **id != keep) {
            repo.delete_snapshot(id).map_err(|e| e.to_string())?;
        }
        drop(repo);
        let mut repo = lab.locked::<Exclusive>("prune")?;
        prune::prune(&mut repo, false).map_err(|e| e.to_string())?;
        drop(repo);
        let mut repo = lab.locked::<Exclusive>("prune")?;
        prune::prune(&mut repo, false).map_err(|e| e.to_string())
    };

    let mut clean = None;
    let log = count_writes(&lab, || clean = Some(forget_and_prune(&lab)));
    let report = clean.expect("ran").expect("clean prune");
    // The second run deletes what the first marked (the first repacked:
    // asserted on the log below).
    assert!(report.packs_deleted > 0, "deletes: {report:?}");
    let clean_blobs = lab.blob_ids();
    let kinds: Vec<&str> = log.iter().map(|w| kind(w)).collect();
    eprintln!("a clean forget + prune writes: {kinds:?}");
    // The survivors of repacked packs, copied into the packs prune writes.
    let new_packs: Vec<&str> = log
        .iter()
        .filter(|w| kind(w) == "pack")
        .map(|w| w.trim_start_matches("put "))
        .collect();
    // Prune packs with two compression workers: the order of survivors may
    // vary, the number of writes does not as long as they fit in one pack.
    assert_eq!(new_packs.len(), 1, "{kinds:?}");
    let survivors = lab.blobs_in(&new_packs);
    assert!(!survivors.is_empty());
    let first_pack_write = kinds.iter().position(|k| *k == "pack").expect("a repack") as u64 + 1;
    for k in [
        "snapshot deleted",
        "lock taken",
        "pack",
        "index",
        "index deleted",
        "pack deleted",
        "lock released",
    ] {
        assert!(kinds.contains(&k), "{k} in {kinds:?}");
    }
    let writes = log.len() as u64;

    let mut covered: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for mode in [WriteFault::Fail, WriteFault::Abort] {
        for n in 1..=writes {
            let what = kinds[n as usize - 1];
            let case = format!("{mode:?} at write {n} of {writes} ({what})");
            lab.load(&base);
            let start = lab.store.writes() as usize;
            lab.store.set_fault_at_write(n, mode);
            let result = forget_and_prune(&lab);
            assert!(lab.store.fault_fired(), "{case}: the run never got there");
            let faulted: Vec<&str> = lab.store.write_log()[start..start + n as usize]
                .iter()
                .map(|w| kind(w))
                .collect();
            assert_eq!(faulted, kinds[..n as usize], "{case}");
            // Only losing the last lock release (after all the work) is
            // not the run's failure.
            assert_eq!(result.is_ok(), n == writes, "{case}: {result:?}");
            lab.reboot();

            // Whatever is still listed restores completely; the kept one always is.
            let left = lab.snapshots();
            assert!(left.contains(&keep), "{case}");
            for id in &left {
                lab.assert_restores(id, &by_id[id], &case);
            }
            lab.assert_check_clean(&case);

            // The next run finishes the job without repair.
            let again =
                forget_and_prune(&lab).unwrap_or_else(|e| panic!("{case}: next prune: {e}"));
            assert_eq!(lab.snapshots(), [keep], "{case}: {again:?}");
            assert_eq!(lab.locks(), 0, "{case}");
            lab.assert_restores(&keep, &by_id[&keep], &case);
            lab.assert_check_clean(&case);
            assert_eq!(lab.blob_ids(), clean_blobs, "{case}: {again:?}");
            // Known defect (reported, issue 10 #10): once a repacked pack has
            // landed, a fault before the old pack is deleted makes the next
            // prune repack its survivors a second time, and no prune frees
            // the first copies. Allowed: exactly those survivors, twice.
            let dups = lab.duplicates();
            let allowed = if n > first_pack_write {
                &survivors
            } else {
                &BTreeSet::new()
            };
            assert!(
                dups.is_subset(allowed),
                "{case}: blobs stored twice: {dups:?}"
            );
            assert_eq!(
                lab.blob_entries(),
                clean_blobs.len() + dups.len(),
                "{case}: a blob stored three times"
            );
            *covered
                .entry((
                    if mode == WriteFault::Fail {
                        "fail"
                    } else {
                        "abort"
                    },
                    what,
                ))
                .or_default() += 1;
        }
    }
    eprintln!("forget + prune: {writes} write points, each failed and cut: {covered:?}");
}

/// A restore whose read N fails (a bad sector on the cartridge, a dropped
/// share), for every read a clean restore makes. It reports success only if
/// everything is back intact (the data read again another way); otherwise it
/// names a file whose data that read carried. No file under its real name
/// may differ from the snapshot, and a restore that goes on names every file
/// it did not bring back (one that gives up may leave files out).
#[test]
fn restore_with_a_read_fault_at_every_read_names_what_it_could_not_restore() {
    let lab = Lab::new();
    let mut want = files(20, 16);
    want.extend(files(21, 8).into_iter().map(|(k, v)| (format!("B/{k}"), v)));
    let src = lab.source("src", &want);
    let repo = lab.open();
    let id = lab.backup(&src).expect("backup");
    drop(repo);
    lab.reboot();

    let repo = lab.open();
    let (_, snap) = repo.find_snapshot(&id.to_hex()).expect("snapshot");
    // Which files have data in which pack.
    let before = lab.store.reads();
    let nodes = repo.load_tree(&snap).expect("file list");
    let file_list_reads = lab.store.reads() - before;
    let mut files_in_pack: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for n in &nodes {
        for c in &n.chunks {
            let (pack, _) = repo.index().get(c).expect("indexed");
            let key = tresor::repo::repository::pack_key(&pack.id);
            files_in_pack.entry(key).or_default().insert(n.path.clone());
        }
    }
    let restore_into = |target: &Path| {
        let req = RestoreRequest {
            target: target.to_path_buf(),
            include: Vec::new(),
            overwrite: false,
            threads: 1,
            keep_setid: false,
        };
        restore::run(&repo, &snap, &req, &Progress::hidden())
    };
    let clean_target = tempfile::tempdir_in(lab.tmp.path()).expect("target");
    let before = lab.store.reads();
    let out = restore_into(clean_target.path()).expect("clean restore");
    let reads = lab.store.reads() - before;
    assert!(out.failed.is_empty());
    assert_eq!(read_tree(&clean_target.path().join(SNAP_PATH)), want);
    assert!(files_in_pack.len() > 3, "data in several packs");

    let mut recovered = 0;
    for n in 1..=reads {
        let case = format!("read {n} of {reads} failed");
        let target = tempfile::tempdir_in(lab.tmp.path()).expect("target");
        lab.store.set_fault_at_read(n);
        let result = restore_into(target.path());
        let key = lab.store.fired_on().expect("the restore got there");
        lab.store.heal();
        // What the restore told: the failed files, or the error it ended with.
        let told = match &result {
            Ok(out) => out
                .failed
                .iter()
                .map(|(p, why)| format!("{p}: {why}"))
                .collect::<Vec<_>>()
                .join("\n"),
            Err(e) => e.to_string(),
        };
        let restored = read_tree(&target.path().join(SNAP_PATH));
        if matches!(&result, Ok(out) if out.failed.is_empty()) {
            // Success is true only if the data came in another way (a pack
            // that failed in one piece is read blob by blob) and all is back.
            assert!(restored == want, "{case} ({key}): reported success");
            recovered += 1;
            continue;
        }
        if n <= file_list_reads {
            // Without the file list nothing can be restored, and nothing is.
            assert!(result.is_err(), "{case}: file list unreadable");
            assert!(restored.is_empty(), "{case}: {:?}", restored.keys());
            continue;
        }
        let affected = &files_in_pack[&key];
        assert!(
            affected.iter().any(|p| told.contains(p.as_str())),
            "{case}: the failed read of {key} carried data of {affected:?}, none is named: {told}"
        );
        for (rel, data) in &restored {
            if rel.contains(".tresor-") {
                continue; // a temporary file, clearly named as one
            }
            assert!(
                want.get(rel) == Some(data),
                "{case}: {rel} is in the target under its real name, not intact"
            );
        }
        if result.is_ok() {
            // A restore that went on: every file is back intact, or named.
            for rel in want.keys() {
                assert!(
                    restored.get(rel) == want.get(rel)
                        || told.contains(&format!("{SNAP_PATH}/{rel}")),
                    "{case}: {rel} is neither restored nor named: {told}"
                );
            }
        }
    }
    eprintln!(
        "restore: {reads} read points ({file_list_reads} of the file list), \
         {recovered} recovered by reading again"
    );
}

/// Restore's read-back verification refuses a file that differs from the
/// snapshot in content or length (a restore whose verification always said
/// yes would pass every other test: the write path is right today).
#[test]
fn read_back_verification_refuses_changed_shorter_and_longer_files() {
    let lab = Lab::new();
    let want = files(30, 3);
    let src = lab.source("src", &want);
    let id = lab.backup(&src).expect("backup");
    let repo = lab.open();
    let (_, snap) = repo.find_snapshot(&id.to_hex()).expect("snapshot");
    let tree = repo.load_tree(&snap).expect("tree");
    let node = tree
        .iter()
        .find(|n| n.size > 100)
        .expect("a file with content");
    let (_, content) = want
        .iter()
        .find(|(rel, _)| node.path.ends_with(rel.as_str()))
        .expect("its source");
    let check = |bytes: &[u8]| {
        let p = lab.tmp.path().join("candidate");
        std::fs::write(&p, bytes).expect("write");
        let mut f = std::fs::File::open(&p).expect("open");
        restore::verify::verify(&repo, &mut f, node)
    };
    use restore::verify::VerifyProblem;
    use restore::FileProblem;
    assert!(check(content).is_ok());
    let mut changed = content.clone();
    changed[content.len() / 2] ^= 1;
    assert!(
        matches!(
            check(&changed),
            Err(FileProblem::Verify(VerifyProblem::Differs))
        ),
        "a changed byte passed"
    );
    assert!(
        matches!(
            check(&content[..content.len() - 1]),
            Err(FileProblem::Verify(VerifyProblem::TooShort))
        ),
        "a shorter file passed"
    );
    let mut longer = content.clone();
    longer.push(0);
    assert!(
        matches!(
            check(&longer),
            Err(FileProblem::Verify(VerifyProblem::TooLong))
        ),
        "a longer file passed"
    );
}
