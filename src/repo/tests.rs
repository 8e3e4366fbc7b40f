//! Repository-level tests on an in-memory backend: the format's promises
//! (keys, versions, ranged reads, recovery of orphans and damaged indexes,
//! prune) without the file system.

use std::sync::Arc;

use crate::storage::memory::MemoryBackend;
use crate::storage::Backend;

use super::blob::BlobKind;
use super::crypto::{generate_key, Identities};
use super::repofile::Secrets;
use super::saver::BlobSaver;
use super::*;

struct Fixture {
    mem: Arc<MemoryBackend>,
    ids: Arc<Identities>,
}

fn fixture() -> Fixture {
    let machine = generate_key();
    let recovery = generate_key();
    let mem = Arc::new(MemoryBackend::new());
    Repository::init(
        mem.clone(),
        InitOptions::new(
            vec![machine.recipient, recovery.recipient],
            Secrets::generate(),
        ),
    )
    .unwrap();
    Fixture {
        mem,
        ids: Arc::new(Identities::parse(&machine.secret).unwrap()),
    }
}

impl Fixture {
    fn open(&self) -> IndexedRepo {
        Repository::open(self.mem.clone(), self.ids.clone())
            .unwrap()
            .load_index()
            .unwrap()
    }
}

/// Half compressible text, half noise, so pack sizes mean something.
fn blobs(n: usize) -> Vec<Vec<u8>> {
    use rand::{RngCore, SeedableRng};
    let mut r = rand::rngs::StdRng::seed_from_u64(n as u64);
    (0..n)
        .map(|i| {
            let mut v = format!("Befund {i} ").repeat(1000).into_bytes();
            let mut noise = vec![0u8; 20_000 + i * 100];
            r.fill_bytes(&mut noise);
            v.extend_from_slice(&noise);
            v
        })
        .collect()
}

fn store(repo: &mut IndexedRepo, data: &[Vec<u8>]) -> Vec<Id> {
    let mut saver = BlobSaver::start(repo, 2);
    let ids: Vec<Id> = data
        .iter()
        .map(|d| {
            let id = repo.id_key().id_of(d);
            saver.save(repo, id, BlobKind::Data, d).unwrap();
            id
        })
        .collect();
    let (packs, stats) = saver.finish().unwrap();
    assert_eq!(stats.new_blobs as usize, data.len());
    repo.add_packs(packs);
    ids
}

#[test]
fn blobs_read_back_by_range_after_reopen() {
    let f = fixture();
    let mut repo = f.open();
    let data = blobs(50);
    let ids = store(&mut repo, &data);
    let repo = f.open();
    for (id, d) in ids.iter().zip(&data) {
        assert_eq!(&repo.read_blob(id).unwrap(), d);
    }
    assert!(repo.problems.is_empty());
}

/// A blob that starts exactly on an age chunk boundary: age's seek there
/// wants the file's last chunk, which a range fetch does not bring.
#[test]
fn blob_on_a_64k_boundary_reads_by_range() {
    use rand::RngCore;
    let f = fixture();
    let mut repo = f.open();
    let mut data = vec![vec![0u8; 65_536], vec![0u8; 65_536], vec![0u8; 1_000]];
    for d in &mut data {
        rand::thread_rng().fill_bytes(d);
    }
    // One worker keeps the pack in the order of saving.
    let mut saver = BlobSaver::start(&repo, 1);
    let ids: Vec<Id> = data.iter().map(|d| repo.id_key().id_of(d)).collect();
    for (id, d) in ids.iter().zip(&data) {
        saver.save(&repo, *id, BlobKind::Data, d).unwrap();
    }
    let (packs, _) = saver.finish().unwrap();
    repo.add_packs(packs);
    let repo = f.open();
    let offsets: Vec<u64> = ids
        .iter()
        .map(|id| repo.index().get(id).unwrap().1.offset)
        .collect();
    assert_eq!(offsets, [0, 65_536, 131_072], "raw blobs back to back");
    for (id, d) in ids.iter().zip(&data) {
        assert_eq!(&repo.read_blob(id).unwrap(), d);
    }
}

#[test]
fn wrong_key_and_future_version_are_refused() {
    let f = fixture();
    let other = Arc::new(Identities::parse(&generate_key().secret).unwrap());
    assert!(matches!(
        Repository::open(f.mem.clone(), other),
        Err(RepoError::WrongKey { .. })
    ));
    f.mem.with_files(|files| {
        let m = String::from_utf8(files["tresor.repo"].clone())
            .unwrap()
            .replace("\"version\": 1", "\"version\": 9");
        files.insert("tresor.repo".into(), m.into_bytes());
    });
    assert!(matches!(
        Repository::open(f.mem.clone(), f.ids.clone()),
        Err(RepoError::FutureVersion { found: 9, .. })
    ));
    let empty = Arc::new(MemoryBackend::new());
    assert!(matches!(
        Repository::open(empty, f.ids.clone()),
        Err(RepoError::NotARepository { .. })
    ));
}

#[test]
fn orphan_packs_and_damaged_index_are_recovered_from_trailers() {
    let f = fixture();
    let mut repo = f.open();
    let data = blobs(20);
    let ids = store(&mut repo, &data);
    // Lose every index file: an interrupted backup looks like this.
    let index_keys: Vec<String> = f
        .mem
        .list("index/")
        .unwrap()
        .into_iter()
        .map(|o| o.key)
        .collect();
    for k in &index_keys {
        f.mem.delete(k).unwrap();
    }
    let mut repo = f.open();
    assert!(!repo.recovered_packs().is_empty());
    for (id, d) in ids.iter().zip(&data) {
        assert_eq!(&repo.read_blob(id).unwrap(), d);
    }
    assert_eq!(
        repo.persist_recovered().unwrap(),
        repo.index().packs().len()
    );
    // A damaged index file is reported, and its packs are indexed anyway.
    let k = f.mem.list("index/").unwrap()[0].key.clone();
    f.mem
        .with_files(|files| files.get_mut(&k).unwrap()[100] ^= 1);
    let repo = f.open();
    assert_eq!(repo.problems.len(), 1, "{:?}", repo.problems);
    assert_eq!(&repo.read_blob(&ids[3]).unwrap(), &data[3]);
}

#[test]
fn prune_removes_unreferenced_data_only() {
    let f = fixture();
    let mut repo = f.open();
    let ids = store(&mut repo, &blobs(30));
    // A snapshot that references only the tree blob made of the first blob.
    let keep = ids[0];
    let snap = Snapshot {
        version: 1,
        time: chrono::Local::now().fixed_offset(),
        host: "h".into(),
        job: "j".into(),
        practice: String::new(),
        tool_version: "t".into(),
        tree: vec![],
        parent: None,
        recipients: vec![],
        sources: vec![],
        databases: vec![],
        summary: Default::default(),
    };
    // The tree is a file list naming `keep` as the only chunk.
    let node = tree::Node {
        path: "x".into(),
        kind: tree::NodeKind::File,
        size: 0,
        mtime_ns: 0,
        mode: 0,
        attributes: 0,
        target: None,
        chunks: vec![keep],
        hardlink: None,
    };
    let mut line = Vec::new();
    tree::encode_line(&node, &mut line);
    let tree_id = repo.id_key().id_of(&line);
    let mut saver = BlobSaver::start(&repo, 1);
    saver.save(&repo, tree_id, BlobKind::Tree, &line).unwrap();
    let (packs, _) = saver.finish().unwrap();
    repo.add_packs(packs);
    repo.save_snapshot(&Snapshot {
        tree: vec![tree_id],
        ..snap
    })
    .unwrap();

    let prune_once = || {
        let repo = Repository::open(f.mem.clone(), f.ids.clone()).unwrap();
        let mut repo = lock::LockedRepo::<lock::Exclusive>::open(repo, "prune").unwrap();
        prune::prune(&mut repo, false).unwrap()
    };
    let before: u64 = f.mem.list("packs/").unwrap().iter().map(|o| o.size).sum();
    // Two phases: the first run marks (and repacks), the second deletes.
    let r = prune_once();
    assert!(r.packs_marked + r.packs_repacked > 0 && r.packs_deleted == 0);
    let r = prune_once();
    assert!(r.packs_deleted > 0, "{r:?}");
    let after: u64 = f.mem.list("packs/").unwrap().iter().map(|o| o.size).sum();
    assert!(after < before / 3, "{after} vs {before}");
    let repo = f.open();
    assert!(repo.problems.is_empty());
    assert!(repo.read_blob(&keep).is_ok());
    assert!(repo.read_blob(&ids[5]).is_err());
    assert_eq!(f.mem.list("index/").unwrap().len(), 1);
}

/// Blobs far into one pack, read by range: the pack's header is fetched
/// once, then one ranged GET per blob (S3 bills and waits per request).
#[test]
fn blobs_of_one_pack_cost_one_ranged_read_each_after_the_header() {
    use crate::storage::faulty::FaultyBackend;
    let machine = generate_key();
    let faulty = Arc::new(FaultyBackend::new(MemoryBackend::new()));
    Repository::init(
        faulty.clone(),
        InitOptions::new(vec![machine.recipient], Secrets::generate()),
    )
    .unwrap();
    let ids = Arc::new(Identities::parse(&machine.secret).unwrap());
    let open = || {
        Repository::open(faulty.clone(), ids.clone())
            .unwrap()
            .load_index()
            .unwrap()
    };
    let mut repo = open();
    let data = blobs(40);
    let stored = store(&mut repo, &data);
    let repo = open();
    let pack = |i: usize| repo.index().get(&stored[i]).unwrap().0.id;
    assert!((10..40).all(|i| pack(i) == pack(10)), "one pack holds them");
    assert!(repo.index().get(&stored[10]).unwrap().1.offset > 128 * 1024);
    let before = faulty.reads();
    for i in [10, 20, 30] {
        assert_eq!(repo.read_blob(&stored[i]).unwrap(), data[i]);
    }
    assert_eq!(
        faulty.reads() - before,
        1 + 3,
        "one header, then one GET per blob"
    );
}

/// A backend with several puts in flight (S3): packs are written in
/// parallel, and an index file is written only when no pack is in flight,
/// with every pack it names already stored.
#[test]
fn packs_go_out_in_parallel_and_an_index_never_overtakes_its_packs() {
    use std::sync::{Condvar, Mutex};
    use std::time::Duration;

    use crate::storage::{ObjectInfo, StorageError};

    #[derive(Default)]
    struct State {
        in_flight: usize,
        max_in_flight: usize,
        index_puts: usize,
        pack_puts: usize,
        packs_done: usize,
    }
    struct Parallel {
        inner: MemoryBackend,
        state: Mutex<State>,
        changed: Condvar,
    }
    impl Backend for Parallel {
        fn location(&self) -> String {
            "parallel".into()
        }
        fn get(&self, key: &str) -> std::result::Result<Vec<u8>, StorageError> {
            self.inner.get(key)
        }
        fn get_range(
            &self,
            key: &str,
            o: u64,
            l: u64,
        ) -> std::result::Result<Vec<u8>, StorageError> {
            self.inner.get_range(key, o, l)
        }
        fn put(&self, key: &str, data: &[u8]) -> std::result::Result<(), StorageError> {
            if key.starts_with("index/") {
                let mut s = self.state.lock().unwrap();
                assert_eq!(s.in_flight, 0, "an index file overtook a pack");
                // The first index file names the first 16 packs (INDEX_EVERY).
                assert!(
                    s.index_puts > 0 || s.packs_done >= 16,
                    "index before its packs"
                );
                s.index_puts += 1;
                self.changed.notify_all();
                drop(s);
                return self.inner.put(key, data);
            }
            if !key.starts_with("packs/") {
                return self.inner.put(key, data);
            }
            {
                let mut s = self.state.lock().unwrap();
                s.in_flight += 1;
                s.pack_puts += 1;
                s.max_in_flight = s.max_in_flight.max(s.in_flight);
                self.changed.notify_all();
                if s.pack_puts == 16 {
                    // The last pack before the first index file stays in
                    // flight until that index file starts (a saver without
                    // its barrier) or a while has passed (one with it: the
                    // index file only starts after this put returns).
                    let _ = self
                        .changed
                        .wait_timeout_while(s, Duration::from_secs(5), |s| s.index_puts == 0)
                        .unwrap();
                } else {
                    // Wait (a bounded while, only so a sequential writer cannot
                    // hang the test) for a second pack to be in flight too.
                    let _ = self
                        .changed
                        .wait_timeout_while(s, Duration::from_secs(20), |s| s.max_in_flight < 2)
                        .unwrap();
                }
            }
            let r = self.inner.put(key, data);
            let mut s = self.state.lock().unwrap();
            s.packs_done += 1;
            s.in_flight -= 1;
            self.changed.notify_all();
            r
        }
        fn put_new(&self, key: &str, data: &[u8]) -> std::result::Result<(), StorageError> {
            self.inner.put_new(key, data)
        }
        fn list(&self, prefix: &str) -> std::result::Result<Vec<ObjectInfo>, StorageError> {
            self.inner.list(prefix)
        }
        fn delete(&self, key: &str) -> std::result::Result<(), StorageError> {
            self.inner.delete(key)
        }
        fn stat(&self, key: &str) -> std::result::Result<Option<ObjectInfo>, StorageError> {
            self.inner.stat(key)
        }
        fn concurrent_writes(&self) -> usize {
            4
        }
    }

    let machine = generate_key();
    let backend = Arc::new(Parallel {
        inner: MemoryBackend::new(),
        state: Mutex::default(),
        changed: Condvar::new(),
    });
    let mut opts = InitOptions::new(vec![machine.recipient], Secrets::generate());
    opts.pack_size = 64 * 1024;
    Repository::init(backend.clone(), opts).unwrap();
    let ids = Arc::new(Identities::parse(&machine.secret).unwrap());
    let open = || {
        Repository::open(backend.clone(), ids.clone())
            .unwrap()
            .load_index()
            .unwrap()
    };
    let mut repo = open();
    let data = blobs(60);
    let stored = store(&mut repo, &data);
    let s = backend.state.lock().unwrap();
    assert!(s.max_in_flight >= 2, "packs were written one at a time");
    assert!(s.index_puts >= 2, "intermediate index files were written");
    drop(s);
    let repo = open();
    assert!(repo.recovered_packs().is_empty(), "every pack is indexed");
    for (id, d) in stored.iter().zip(&data) {
        assert_eq!(&repo.read_blob(id).unwrap(), d);
    }
}

/// A repository set up inside another's `packs/` folder (or bucket prefix):
/// its files are not the outer repository's packs, snapshots or index.
#[test]
fn files_of_a_repository_nested_in_packs_are_not_taken_for_packs() {
    assert!(repository::id_of_key(&repository::pack_key(&Id([7; 32]))).is_some());
    let id = Id([9; 32]);
    assert!(repository::id_of_key(&format!("snapshots/{id}")).is_some());
    assert!(repository::id_of_key(&format!("packs/zz/snapshots/{id}")).is_none());
    assert!(repository::id_of_key(&format!("packs/zz/{id}")).is_none());
    let f = fixture();
    let mut repo = f.open();
    store(&mut repo, &blobs(3));
    let packs = f.open().index().packs().len();
    // Another repository's files beneath packs/.
    f.mem
        .put(&format!("packs/zz/snapshots/{id}"), b"x")
        .unwrap();
    f.mem.put(&format!("packs/zz/packs/09/{id}"), b"x").unwrap();
    let repo = f.open();
    assert_eq!(repo.index().packs().len(), packs);
    assert!(repo.problems.is_empty(), "{:?}", repo.problems);
    assert!(repo.recovered_packs().is_empty());
}

/// What a save reports is what it wrote: blob and byte counts, a pack closed
/// as soon as it holds `pack_size` bytes of blobs, an index file every 16
/// packs and one for the rest, every pack in the list `finish` returns.
#[test]
fn save_stats_packs_and_index_files_match_what_was_written() {
    let machine = generate_key();
    let mem = Arc::new(MemoryBackend::new());
    let mut opts = InitOptions::new(vec![machine.recipient], Secrets::generate());
    opts.pack_size = 64 * 1024;
    Repository::init(mem.clone(), opts).unwrap();
    let ids = Arc::new(Identities::parse(&machine.secret).unwrap());
    let repo = Repository::open(mem.clone(), ids)
        .unwrap()
        .load_index()
        .unwrap();
    let index_before = mem.list("index/").unwrap().len();
    let data = blobs(60);
    let mut saver = BlobSaver::start(&repo, 2);
    for d in &data {
        let id = repo.id_key().id_of(d);
        assert!(saver.save(&repo, id, BlobKind::Data, d).unwrap());
    }
    // Queued once, stored once.
    let again = repo.id_key().id_of(&data[0]);
    assert!(!saver.save(&repo, again, BlobKind::Data, &data[0]).unwrap());
    let (packs, stats) = saver.finish().unwrap();

    assert_eq!(stats.new_blobs, 60);
    let raw: u64 = data.iter().map(|d| d.len() as u64).sum();
    assert_eq!(stats.new_bytes, raw);
    let stored: u64 = packs
        .iter()
        .flat_map(|p| &p.blobs)
        .map(|e| e.stored_len as u64)
        .sum();
    assert_eq!(stats.stored_bytes, stored);
    assert_eq!(packs.iter().map(|p| p.blobs.len()).sum::<usize>(), 60);

    assert_eq!(stats.packs as usize, packs.len());
    assert_eq!(mem.list("packs/").unwrap().len(), packs.len());
    // Every pack but the last is full, and closed by its last blob.
    let (last, full) = packs.split_last().unwrap();
    assert!(!last.blobs.is_empty());
    for p in full {
        let sizes: Vec<u64> = p.blobs.iter().map(|e| e.stored_len as u64).collect();
        let total: u64 = sizes.iter().sum();
        assert!(total >= 64 * 1024, "pack closed early: {sizes:?}");
        assert!(total - sizes[sizes.len() - 1] < 64 * 1024, "{sizes:?}");
    }
    assert!(
        packs.len() > 16,
        "more than one index file's worth of packs"
    );
    assert_eq!(stats.index_files.len(), packs.len().div_ceil(16));
    assert_eq!(
        mem.list("index/").unwrap().len() - index_before,
        stats.index_files.len()
    );
    let repo = Repository::open(
        mem.clone(),
        Arc::new(Identities::parse(&machine.secret).unwrap()),
    )
    .unwrap()
    .load_index()
    .unwrap();
    assert!(repo.recovered_packs().is_empty(), "every pack is indexed");
}

/// `path` as a file node of `chunks` made-up chunk ids.
fn file_node(repo: &IndexedRepo, path: String, i: u64, chunks: u64) -> tree::Node {
    tree::Node {
        path,
        kind: tree::NodeKind::File,
        size: i,
        mtime_ns: i as i64,
        mode: 0o644,
        attributes: 0,
        target: None,
        chunks: (0..chunks)
            .map(|c| repo.id_key().id_of(&(i * 1000 + c).to_le_bytes()))
            .collect(),
        hardlink: None,
    }
}

/// A snapshot whose file list is `list` cut at `cuts`, each piece one blob.
fn snapshot_of_pieces(repo: &mut IndexedRepo, list: &[u8], cuts: &[usize]) -> Snapshot {
    let mut saver = BlobSaver::start(repo, 1);
    let mut tree_ids = Vec::new();
    let mut start = 0;
    for &c in cuts.iter().chain([&list.len()]) {
        let piece = &list[start..c];
        start = c;
        let id = repo.id_key().id_of(piece);
        saver.save(repo, id, BlobKind::Tree, piece).unwrap();
        tree_ids.push(id);
    }
    let (packs, _) = saver.finish().unwrap();
    repo.add_packs(packs);
    Snapshot {
        version: 1,
        time: chrono::DateTime::parse_from_rfc3339("2026-12-01T20:00:00+01:00").unwrap(),
        host: "praxis".into(),
        job: "nightly".into(),
        practice: String::new(),
        tool_version: "t".into(),
        tree: tree_ids,
        parent: None,
        recipients: vec![],
        sources: vec![],
        databases: vec![],
        summary: Default::default(),
    }
}

/// A file list cut into blobs anywhere — mid-line, at a line end, with an
/// empty piece — loads back to the same nodes (`load_tree` decodes it blob
/// by blob, carrying a partial line over).
#[test]
fn a_file_list_split_mid_line_across_blobs_loads_back() {
    let f = fixture();
    let mut repo = f.open();
    let nodes: Vec<tree::Node> = (0..40)
        .map(|i| file_node(&repo, format!("C/DConcept/DEDATA/T{i:04}.DAT"), i, 1))
        .collect();
    let mut list = Vec::new();
    for n in &nodes {
        tree::encode_line(n, &mut list);
    }
    let first_end = list.iter().position(|b| *b == b'\n').unwrap() + 1;
    // Cut points: inside the first line, exactly after it, a zero-length
    // piece, then uneven pieces to the end.
    let cuts = [7, first_end, first_end, first_end + 300, list.len() - 5];
    let snap = snapshot_of_pieces(&mut repo, &list, &cuts);
    assert_eq!(repo.load_tree(&snap).unwrap(), nodes);
    // A cut-off list (last piece missing its line end and more) is damage.
    let mut short = snap.clone();
    short.tree.pop();
    short.tree.pop();
    assert!(repo.load_tree(&short).is_err());
}

/// A node line spanning many blobs (a large `.bak`'s chunk list), between
/// short lines, loads back whole; each blob's new bytes are searched for a
/// line end once (the list of a 21 GB tree took seconds when the carried
/// line was scanned again for every blob).
#[test]
fn a_node_line_spanning_many_blobs_loads_back() {
    let f = fixture();
    let mut repo = f.open();
    let nodes = vec![
        file_node(&repo, "C/SQL/vor.txt".into(), 1, 1),
        file_node(&repo, "C/SQL/praxis.bak".into(), 2, 400),
        file_node(&repo, "C/SQL/nach.txt".into(), 3, 2),
    ];
    let mut list = Vec::new();
    for n in &nodes {
        tree::encode_line(n, &mut list);
    }
    let cuts: Vec<usize> = (1..list.len() / 97).map(|k| k * 97).collect();
    assert!(cuts.len() > 200, "the long line spans many blobs");
    let snap = snapshot_of_pieces(&mut repo, &list, &cuts);
    assert_eq!(repo.load_tree(&snap).unwrap(), nodes);
}
