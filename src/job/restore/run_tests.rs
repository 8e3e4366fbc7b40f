//! Restore end to end on an in-memory repository, at library level: what
//! comes back, what is counted, and which file fails for which reason. The
//! CLI scenarios in `tests/` prove the same through the binary; these run in
//! a second, so mutation testing of `job::restore` can use them
//! (docs/mutants.md).

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rand::{RngCore, SeedableRng};

use super::*;
use crate::job::testing::{quiet, MemRepo};
use crate::repo::crypto::{encrypt, Identities, Recipients};
use crate::repo::repository::pack_key;
use crate::repo::Repository;
use crate::storage::memory::MemoryBackend;

struct Fx {
    mem: Arc<MemoryBackend>,
    ids: Arc<Identities>,
    src: tempfile::TempDir,
    snap: Snapshot,
}

fn noise(len: usize, seed: u64) -> Vec<u8> {
    let mut v = vec![0u8; len];
    rand::rngs::StdRng::seed_from_u64(seed).fill_bytes(&mut v);
    v
}

const T0: i64 = 1_700_000_000;

fn set_mtime(p: &Path, secs: i64) {
    filetime::set_symlink_file_times(
        p,
        filetime::FileTime::from_unix_time(secs, 0),
        filetime::FileTime::from_unix_time(secs, 500),
    )
    .unwrap();
}

/// A practice folder with every kind of entry restore treats differently:
/// a file of many chunks, a sparse one, an empty one, a hard-link pair, a
/// symbolic link, a setuid program, nested folders with their own modes.
fn practice(root: &Path) {
    fs::create_dir_all(root.join("Befunde/2024")).unwrap();
    fs::create_dir_all(root.join("Leer")).unwrap();
    fs::write(root.join("Befunde/roentgen.dcm"), noise(2_500_000, 1)).unwrap();
    let mut sparse = vec![0u8; 3 << 20];
    sparse[..5000].copy_from_slice(&noise(5000, 2));
    sparse[(2 << 20)..(2 << 20) + 7000].copy_from_slice(&noise(7000, 3));
    fs::write(root.join("Befunde/image.vhd"), &sparse).unwrap();
    fs::write(
        root.join("Befunde/2024/brief.rtf"),
        b"Sehr geehrte Kollegin",
    )
    .unwrap();
    fs::write(root.join("leer.txt"), b"").unwrap();
    fs::write(root.join("stamm.dat"), noise(40_000, 4)).unwrap();
    fs::hard_link(root.join("stamm.dat"), root.join("stamm-link.dat")).unwrap();
    std::os::unix::fs::symlink("Befunde/2024/brief.rtf", root.join("brief-link")).unwrap();
    // Two files with one content: one blob, written twice.
    let vorlage = noise(30_000, 5);
    fs::create_dir_all(root.join("Briefe")).unwrap();
    fs::write(root.join("Briefe/vorlage.rtf"), &vorlage).unwrap();
    fs::write(root.join("Briefe/vorlage-kopie.rtf"), &vorlage).unwrap();
    fs::write(root.join("update.sh"), b"#!/bin/sh\n").unwrap();
    fs::set_permissions(root.join("update.sh"), fs::Permissions::from_mode(0o4755)).unwrap();
    fs::set_permissions(root.join("stamm.dat"), fs::Permissions::from_mode(0o640)).unwrap();
    fs::set_permissions(root.join("Befunde/2024"), fs::Permissions::from_mode(0o750)).unwrap();
    let mut secs = T0;
    for e in walkdir::WalkDir::new(root).contents_first(true) {
        let e = e.unwrap();
        secs += 3600;
        set_mtime(e.path(), secs);
    }
    // Scanned from a 1960s card index: before the epoch.
    set_mtime(&root.join("leer.txt"), -315_000_000);
}

fn fixture() -> Fx {
    let repo = MemRepo::new();
    let src = tempfile::tempdir().unwrap();
    practice(src.path());
    let snap = repo.back_up("nightly", src.path());
    Fx {
        mem: repo.mem,
        ids: repo.ids,
        src,
        snap,
    }
}

impl Fx {
    fn repo(&self) -> IndexedRepo {
        Repository::open(self.mem.clone(), self.ids.clone())
            .unwrap()
            .load_index()
            .unwrap()
    }

    fn restore_with(
        &self,
        target: &Path,
        include: &[&str],
        overwrite: bool,
        keep_setid: bool,
    ) -> Result<RestoreOutcome, JobError> {
        let req = RestoreRequest {
            target: target.to_path_buf(),
            include: include.iter().map(|s| s.to_string()).collect(),
            overwrite,
            threads: 2,
            keep_setid,
        };
        run(&self.repo(), &self.snap, &req, &quiet())
    }

    fn restore(&self, target: &Path) -> RestoreOutcome {
        self.restore_with(target, &[], false, false).unwrap()
    }

    /// The file's node in the snapshot.
    fn node(&self, rel: &str) -> Node {
        let path = format!("praxis/{rel}");
        self.repo()
            .load_tree(&self.snap)
            .unwrap()
            .into_iter()
            .find(|n| n.path == path)
            .unwrap()
    }

    /// Replaces the pack holding `chunk` by an authentic pack (encrypted to
    /// the repository's recipients) whose plaintext has one byte changed
    /// inside that blob; the index files go, so the pack is found again by
    /// its trailer. Returns the pack's id.
    fn forge_pack_of(&self, chunk: &Id) -> Id {
        let r = self.repo();
        let (pack, entry) = r.index().get(chunk).unwrap();
        let (pack, offset) = (pack.clone(), entry.offset);
        let mut plain = r.read_pack(&pack).unwrap();
        plain[offset as usize + 100] ^= 1;
        let rcpt = Recipients::parse(r.config().pack_recipients(&pack)).unwrap();
        let forged = encrypt(&rcpt, &plain).unwrap();
        self.mem.with_files(|files| {
            files.insert(pack_key(&pack.id), forged);
            files.retain(|k, _| !k.starts_with("index/"));
        });
        pack.id
    }

    /// Flips a byte in the ciphertext of the pack holding `chunk`.
    fn flip_pack_of(&self, chunk: &Id) -> Id {
        let r = self.repo();
        let pack = r.index().get(chunk).unwrap().0.id;
        self.mem.with_files(|files| {
            let data = files.get_mut(&pack_key(&pack)).unwrap();
            let mid = data.len() / 2;
            data[mid] ^= 1;
        });
        pack
    }
}

/// Relative path → (kind, content or link target, mode, mtime) of
/// everything below `root`.
fn listing(root: &Path) -> BTreeMap<String, (char, Vec<u8>, u32, i64)> {
    walkdir::WalkDir::new(root)
        .min_depth(1)
        .into_iter()
        .map(|e| {
            let e = e.unwrap();
            let md = e.path().symlink_metadata().unwrap();
            let rel = e.path().strip_prefix(root).unwrap().to_string_lossy();
            let (kind, data) = if md.is_symlink() {
                let to = fs::read_link(e.path()).unwrap();
                ('l', to.to_string_lossy().as_bytes().to_vec())
            } else if md.is_dir() {
                ('d', Vec::new())
            } else {
                ('f', fs::read(e.path()).unwrap())
            };
            let mode = if md.is_symlink() {
                0
            } else {
                md.mode() & 0o7777
            };
            (rel.into_owned(), (kind, data, mode, md.mtime()))
        })
        .collect()
}

fn inode(p: &Path) -> u64 {
    fs::metadata(p).unwrap().ino()
}

#[test]
fn everything_comes_back_exactly_and_is_counted() {
    let fx = fixture();
    let t = tempfile::tempdir().unwrap();
    let out = fx.restore(t.path());
    assert!(out.failed.is_empty(), "{:?}", out.failed);
    assert!(out.warnings.is_empty() && out.links_as_folders.is_empty());
    // Nine files, one of them a hard link (counted as a link); the
    // symbolic link; praxis, Befunde, Befunde/2024, Briefe, Leer.
    assert_eq!((out.files, out.verified, out.links, out.dirs), (8, 8, 2, 5));
    let sizes: u64 = ["Befunde/roentgen.dcm", "Befunde/image.vhd"]
        .iter()
        .map(|f| fs::metadata(fx.src.path().join(f)).unwrap().len())
        .sum::<u64>()
        + 21
        + 40_000
        + 2 * 30_000
        + 10;
    assert_eq!(out.bytes, sizes);

    let mut want = listing(fx.src.path());
    // The setuid bit is dropped unless asked for.
    want.get_mut("update.sh").unwrap().2 = 0o755;
    assert_eq!(listing(&t.path().join("praxis")), want);
    let back = t.path().join("praxis");
    assert_eq!(
        inode(&back.join("stamm.dat")),
        inode(&back.join("stamm-link.dat"))
    );
    // The sparse file keeps its holes.
    let vhd = fs::metadata(back.join("Befunde/image.vhd")).unwrap();
    assert!(
        vhd.blocks() * 512 < 1 << 20,
        "{} bytes allocated",
        vhd.blocks() * 512
    );
}

#[test]
fn setid_bits_come_back_only_when_asked_for() {
    let fx = fixture();
    let t = tempfile::tempdir().unwrap();
    let out = fx.restore_with(t.path(), &[], false, true).unwrap();
    assert!(out.failed.is_empty(), "{:?}", out.failed);
    let md = fs::metadata(t.path().join("praxis/update.sh")).unwrap();
    assert_eq!(md.mode() & 0o7777, 0o4755);
}

#[test]
fn an_included_folder_brings_its_parents_and_nothing_else() {
    let fx = fixture();
    let t = tempfile::tempdir().unwrap();
    let out = fx
        .restore_with(t.path(), &["praxis/Befunde/2024"], false, false)
        .unwrap();
    assert_eq!((out.files, out.dirs, out.links), (1, 3, 0));
    let got = listing(t.path());
    let names: Vec<&str> = got.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "praxis",
            "praxis/Befunde",
            "praxis/Befunde/2024",
            "praxis/Befunde/2024/brief.rtf"
        ]
    );
    assert_eq!(got["praxis/Befunde/2024"].2, 0o750);
}

#[test]
fn below_a_prefix_the_target_stands_for_it_and_failures_keep_the_full_name() {
    let fx = fixture();
    let roentgen = fx.node("Befunde/roentgen.dcm");
    let pack = fx.flip_pack_of(&roentgen.chunks[0]);
    let t = tempfile::tempdir().unwrap();
    let req = RestoreRequest {
        target: t.path().to_path_buf(),
        include: vec!["praxis/Befunde".into()],
        overwrite: false,
        threads: 1,
        keep_setid: false,
    };
    let out = run_below(&fx.repo(), &fx.snap, &req, Some("praxis"), &quiet()).unwrap();
    assert!(t.path().join("Befunde/2024/brief.rtf").is_file());
    assert!(!t.path().join("praxis").exists());
    assert_eq!(out.failed.len(), 1, "{:?}", out.failed);
    assert_eq!(out.failed[0].0, "praxis/Befunde/roentgen.dcm");
    match &out.failed[0].1 {
        FileProblem::PackUnreadable { pack: p, .. } => assert_eq!(*p, pack.to_string()),
        other => panic!("{other:?}"),
    }
}

/// Everything but `rel` came back as in the source; of `rel` nothing, not
/// even a temporary file.
fn all_but(fx: &Fx, target: &Path, rel: &str, also: &[&str]) {
    let mut want = listing(fx.src.path());
    want.remove(rel);
    for a in also {
        want.remove(*a);
    }
    want.get_mut("update.sh").unwrap().2 = 0o755;
    let got = listing(&target.join("praxis"));
    // Folders' mtimes are what the test cares least about here, and the
    // missing file's folder got its recorded one anyway.
    assert_eq!(
        got.keys().collect::<Vec<_>>(),
        want.keys().collect::<Vec<_>>()
    );
    for (k, v) in &want {
        if v.0 != 'd' {
            assert_eq!(&got[k], v, "{k}");
        }
    }
}

#[test]
fn a_flipped_byte_in_a_pack_fails_its_file_by_name_and_pack() {
    let fx = fixture();
    let node = fx.node("Befunde/roentgen.dcm");
    let pack = fx.flip_pack_of(&node.chunks[node.chunks.len() - 1]);
    let t = tempfile::tempdir().unwrap();
    let out = fx.restore(t.path());
    let names: Vec<&str> = out.failed.iter().map(|(p, _)| p.as_str()).collect();
    assert!(names.contains(&"praxis/Befunde/roentgen.dcm"), "{names:?}");
    for (_, why) in &out.failed {
        match why {
            FileProblem::PackUnreadable { pack: p, .. } => assert_eq!(*p, pack.to_string()),
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(out.files + out.failed.len() as u64, 8);
    assert_eq!(out.verified, out.files);
    // Every blob of the pack is wanted, so it is read as one stream; the
    // stream broke at the flipped byte and the medium deserves a look.
    match &out.warnings[..] {
        [MediumWarning::StreamBroke { pack: p, .. }] => assert_eq!(*p, pack.to_string()),
        other => panic!("{other:?}"),
    }
    for (p, _) in &out.failed {
        all_but(&fx, t.path(), p.strip_prefix("praxis/").unwrap(), &[]);
    }
}

#[test]
fn an_authentic_pack_with_changed_content_fails_its_file_and_names_the_pack() {
    let fx = fixture();
    let node = fx.node("Befunde/roentgen.dcm");
    let pack = fx.forge_pack_of(&node.chunks[1]);
    let t = tempfile::tempdir().unwrap();
    let out = fx.restore(t.path());
    let failed: Vec<_> = out
        .failed
        .iter()
        .filter(|(p, _)| p == "praxis/Befunde/roentgen.dcm")
        .collect();
    assert_eq!(failed.len(), 1, "{:?}", out.failed);
    match &failed[0].1 {
        FileProblem::PackUnreadable { pack: p, .. } => assert_eq!(*p, pack.to_string()),
        other => panic!("not the write's fault: {other:?}"),
    }
}

#[test]
fn data_no_index_knows_fails_the_file_and_its_hard_link_before_anything_is_written() {
    let fx = fixture();
    let repo = fx.repo();
    let mut nodes = repo.load_tree(&fx.snap).unwrap();
    for n in nodes
        .iter_mut()
        .filter(|n| n.path.starts_with("praxis/stamm"))
    {
        n.chunks.push(Id([9; 32]));
    }
    let t = tempfile::tempdir().unwrap();
    let req = RestoreRequest {
        target: t.path().to_path_buf(),
        include: Vec::new(),
        overwrite: false,
        threads: 2,
        keep_setid: false,
    };
    let out = restore_nodes(&repo, nodes, &req, &quiet()).unwrap();
    let failed: Vec<(&str, &str)> = out
        .failed
        .iter()
        .map(|(p, why)| (p.as_str(), why.code()))
        .collect();
    assert_eq!(
        failed,
        [
            // The first name in path order carries the data.
            ("praxis/stamm-link.dat", "data_missing"),
            ("praxis/stamm.dat", "hard_link_orphan")
        ]
    );
    match &out.failed[0].1 {
        FileProblem::DataMissing { chunk } => assert_eq!(*chunk, Id([9; 32]).to_string()),
        other => panic!("{other:?}"),
    }
    all_but(&fx, t.path(), "stamm.dat", &["stamm-link.dat"]);
    assert_eq!((out.files, out.verified, out.links), (7, 7, 1));
}

#[test]
fn a_file_already_in_the_target_refuses_the_restore_unless_overwrite() {
    let fx = fixture();
    let t = tempfile::tempdir().unwrap();
    let back = t.path().join("praxis");
    fs::create_dir_all(&back).unwrap();
    fs::write(back.join("stamm.dat"), b"lokal geaendert").unwrap();
    let err = fx.restore_with(t.path(), &[], false, false).unwrap_err();
    assert!(err.to_string().contains("stamm.dat"), "{err}");
    assert_eq!(
        fs::read(back.join("stamm.dat")).unwrap(),
        b"lokal geaendert"
    );
    assert_eq!(listing(t.path()).len(), 2, "nothing written");

    let out = fx.restore_with(t.path(), &[], true, false).unwrap();
    assert!(out.failed.is_empty(), "{:?}", out.failed);
    assert_eq!(
        fs::read(back.join("stamm.dat")).unwrap(),
        fs::read(fx.src.path().join("stamm.dat")).unwrap()
    );
}

#[test]
fn an_existing_folder_keeps_its_mode_and_time_unless_overwrite() {
    let fx = fixture();
    let t = tempfile::tempdir().unwrap();
    let dir = t.path().join("praxis/Befunde/2024");
    fs::create_dir_all(&dir).unwrap();
    fs::set_permissions(&dir, fs::Permissions::from_mode(0o700)).unwrap();
    set_mtime(&dir, T0 - 77);
    let out = fx.restore(t.path());
    assert!(out.failed.is_empty(), "{:?}", out.failed);
    let md = fs::metadata(&dir).unwrap();
    assert_eq!((md.mode() & 0o7777, md.mtime()), (0o700, T0 - 77));

    fs::remove_file(dir.join("brief.rtf")).unwrap();
    fx.restore_with(t.path(), &[], true, false).unwrap();
    let md = fs::metadata(&dir).unwrap();
    let src = fs::metadata(fx.src.path().join("Befunde/2024")).unwrap();
    assert_eq!((md.mode() & 0o7777, md.mtime()), (0o750, src.mtime()));
}

/// Counts whole and ranged reads of pack files.
struct Counting {
    inner: Arc<MemoryBackend>,
    whole: std::sync::atomic::AtomicUsize,
    ranged: std::sync::atomic::AtomicUsize,
}

impl crate::storage::Backend for Counting {
    fn location(&self) -> String {
        self.inner.location()
    }
    fn get(&self, key: &str) -> Result<Vec<u8>, crate::storage::StorageError> {
        if key.starts_with("packs/") {
            self.whole.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        }
        self.inner.get(key)
    }
    fn get_range(
        &self,
        key: &str,
        offset: u64,
        len: u64,
    ) -> Result<Vec<u8>, crate::storage::StorageError> {
        if key.starts_with("packs/") {
            self.ranged
                .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        }
        self.inner.get_range(key, offset, len)
    }
    fn put(&self, key: &str, data: &[u8]) -> Result<(), crate::storage::StorageError> {
        self.inner.put(key, data)
    }
    fn put_new(&self, key: &str, data: &[u8]) -> Result<(), crate::storage::StorageError> {
        self.inner.put_new(key, data)
    }
    fn list(
        &self,
        prefix: &str,
    ) -> Result<Vec<crate::storage::ObjectInfo>, crate::storage::StorageError> {
        self.inner.list(prefix)
    }
    fn delete(&self, key: &str) -> Result<(), crate::storage::StorageError> {
        self.inner.delete(key)
    }
    fn stat(
        &self,
        key: &str,
    ) -> Result<Option<crate::storage::ObjectInfo>, crate::storage::StorageError> {
        self.inner.stat(key)
    }
}

/// Restores `include` through a counting backend: (whole pack reads,
/// ranged pack reads).
fn reads_for(fx: &Fx, include: &[&str]) -> (usize, usize) {
    let counting = Arc::new(Counting {
        inner: fx.mem.clone(),
        whole: Default::default(),
        ranged: Default::default(),
    });
    let repo = Repository::open(counting.clone(), fx.ids.clone())
        .unwrap()
        .load_index()
        .unwrap();
    let nodes = select(
        repo.load_tree(&fx.snap).unwrap(),
        &include.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
    )
    .unwrap();
    let before = counting.ranged.load(std::sync::atomic::Ordering::SeqCst);
    let t = tempfile::tempdir().unwrap();
    let out = restore_nodes(&repo, nodes, &request(t.path()), &quiet()).unwrap();
    assert!(out.failed.is_empty() && out.warnings.is_empty(), "{out:?}");
    let whole = counting.whole.load(std::sync::atomic::Ordering::SeqCst);
    let ranged = counting.ranged.load(std::sync::atomic::Ordering::SeqCst) - before;
    (whole, ranged)
}

#[test]
fn a_pack_mostly_wanted_is_read_whole_one_barely_wanted_by_range() {
    let fx = fixture();
    let repo = fx.repo();
    let roentgen = fx.node("Befunde/roentgen.dcm");
    let pack = repo.index().get(&roentgen.chunks[0]).unwrap().0;
    let stored: u64 = roentgen
        .chunks
        .iter()
        .map(|c| repo.index().get(c).unwrap().1.stored_len as u64)
        .sum();
    assert!(
        stored * 2 >= pack.plain_len && stored + 2 < pack.plain_len,
        "the scan fills most of its pack, not all: {stored} of {}",
        pack.plain_len
    );
    assert_eq!(reads_for(&fx, &["praxis/Befunde/roentgen.dcm"]), (1, 0));
    // One chunk of a pack of many: by range.
    let (whole, ranged) = reads_for(&fx, &["praxis/Befunde/2024/brief.rtf"]);
    assert_eq!((whole, ranged), (0, 1));
}

fn request(target: &Path) -> RestoreRequest {
    RestoreRequest {
        target: target.to_path_buf(),
        include: Vec::new(),
        overwrite: false,
        threads: 2,
        keep_setid: false,
    }
}

#[test]
fn only_files_changed_after_the_snapshot_count_as_newer() {
    let fx = fixture();
    let t = tempfile::tempdir().unwrap();
    fx.restore(t.path());
    let back = t.path().join("praxis");
    let shift = |rel: &str, by: i64| {
        let p = back.join(rel);
        let m = fs::symlink_metadata(&p).unwrap().mtime();
        set_mtime(&p, m + by);
    };
    shift("stamm.dat", 1); // and its hard link
    shift("Befunde/2024/brief.rtf", -1);
    shift("Befunde", 10_000); // a folder is never "newer"
    set_mtime(&back.join("leer.txt"), -470_000_000); // older, both before 1970
    let newer = newer_in_target(&fx.repo(), &fx.snap, &request(t.path()), None).unwrap();
    assert_eq!(newer, [back.join("stamm-link.dat"), back.join("stamm.dat")]);
    let below = newer_in_target(&fx.repo(), &fx.snap, &request(&back), Some("praxis")).unwrap();
    assert_eq!(below, newer);
}

#[test]
fn entries_planned_around_and_links_with_entries_beneath_are_reported() {
    let fx = fixture();
    let repo = fx.repo();
    let mut nodes = repo.load_tree(&fx.snap).unwrap();
    let brief = nodes
        .iter()
        .find(|n| n.path == "praxis/Befunde/2024/brief.rtf")
        .unwrap()
        .clone();
    let beneath = |path: &str| Node {
        path: path.into(),
        ..brief.clone()
    };
    nodes.push(beneath("praxis/brief-link/kopie.rtf"));
    nodes.push(beneath("praxis/Befunde/2024/brief.rtf"));
    nodes.push(beneath("praxis/leer.txt/darin.rtf"));
    let t = tempfile::tempdir().unwrap();
    let out = restore_nodes(&repo, nodes, &request(t.path()), &quiet()).unwrap();
    let failed: Vec<(&str, &str)> = out
        .failed
        .iter()
        .map(|(p, why)| (p.as_str(), why.code()))
        .collect();
    assert_eq!(
        failed,
        [
            ("praxis/Befunde/2024/brief.rtf", "duplicate"),
            ("praxis/leer.txt/darin.rtf", "beneath_file")
        ]
    );
    assert_eq!(out.links_as_folders, ["praxis/brief-link"]);
    let kopie = t.path().join("praxis/brief-link/kopie.rtf");
    assert_eq!(fs::read(kopie).unwrap(), b"Sehr geehrte Kollegin");
    assert!(fs::symlink_metadata(t.path().join("praxis/brief-link"))
        .unwrap()
        .is_dir());
}

#[test]
fn parent_rel_is_the_folder_part_of_a_snapshot_path() {
    assert_eq!(parent_rel("praxis/Befunde/brief.rtf"), "praxis/Befunde");
    assert_eq!(parent_rel("brief.rtf"), "");
}

/// The read-back against files written by hand: what each way of being
/// wrong is called.
mod read_back {
    use super::*;
    use crate::job::restore::verify;

    fn check(fx: &Fx, node: &Node, content: &[u8]) -> Result<(), FileProblem> {
        let dir = tempfile::tempdir().unwrap();
        let p: PathBuf = dir.path().join("f");
        fs::write(&p, content).unwrap();
        let mut f = fs::File::open(&p).unwrap();
        verify::verify(&fx.repo(), &mut f, node)
    }

    #[test]
    fn each_way_of_being_wrong_has_its_name() {
        let fx = fixture();
        let node = fx.node("Befunde/roentgen.dcm");
        assert!(node.chunks.len() >= 4, "{} chunks", node.chunks.len());
        let good = fs::read(fx.src.path().join("Befunde/roentgen.dcm")).unwrap();
        assert!(check(&fx, &node, &good).is_ok());

        let is = |r: Result<(), FileProblem>, want: &str| match r {
            Err(FileProblem::Verify(p)) => assert_eq!(format!("{p:?}"), want),
            other => panic!("want {want}, got {other:?}"),
        };
        let mut last_byte = good.clone();
        *last_byte.last_mut().unwrap() ^= 1;
        is(check(&fx, &node, &last_byte), "Differs");
        let mut first_byte = good.clone();
        first_byte[0] ^= 1;
        is(check(&fx, &node, &first_byte), "Differs");
        is(check(&fx, &node, &good[..good.len() - 1]), "TooShort");
        is(check(&fx, &node, &[]), "TooShort");
        let mut longer = good.clone();
        longer.push(0);
        is(check(&fx, &node, &longer), "TooLong");
        // Two chunks swapped: every byte is right, the order is not.
        let r = fx.repo();
        let len = |i: usize| r.index().get(&node.chunks[i]).unwrap().1.raw_len as usize;
        let (a, b) = (len(0), len(1));
        let mut swapped = good[a..a + b].to_vec();
        swapped.extend_from_slice(&good[..a]);
        swapped.extend_from_slice(&good[a + b..]);
        is(check(&fx, &node, &swapped), "Differs");

        let mut unknown = node.clone();
        unknown.chunks[2] = Id([7; 32]);
        is(check(&fx, &unknown, &good), "ChunkNotIndexed");
    }

    #[test]
    fn modes_and_times_are_set_on_the_handle() {
        let mut n = Node {
            path: "p".into(),
            kind: NodeKind::File,
            size: 0,
            mtime_ns: -1_500_000_000,
            mode: 0o7755,
            attributes: 0,
            target: None,
            chunks: Vec::new(),
            hardlink: None,
        };
        assert_eq!(verify::mode_bits(&n, false), Some(0o1755));
        assert_eq!(verify::mode_bits(&n, true), Some(0o7755));
        n.mode = 0o100_644; // type bits as stat gives them
        assert_eq!(verify::mode_bits(&n, true), Some(0o644));
        n.mode = 0;
        assert_eq!(verify::mode_bits(&n, true), None);
        // Before 1970: the nanoseconds stay positive.
        let t = verify::mtime(&n);
        assert_eq!((t.unix_seconds(), t.nanoseconds()), (-2, 500_000_000));

        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("f");
        fs::write(&p, b"x").unwrap();
        n.mode = 0o4751;
        n.mtime_ns = 1_234_567_890_123_456_789;
        let f = fs::File::open(&p).unwrap();
        verify::set_file_metadata(&f, &n, false).unwrap();
        let md = fs::metadata(&p).unwrap();
        assert_eq!(md.mode() & 0o7777, 0o751);
        assert_eq!((md.mtime(), md.mtime_nsec()), (1_234_567_890, 123_456_789));
        n.mode = 0;
        verify::set_file_metadata(&f, &n, false).unwrap();
        assert_eq!(
            fs::metadata(&p).unwrap().mode() & 0o7777,
            0o751,
            "0 = not recorded"
        );
    }
}
