//! A backup never references data that is not there (issue 10, items 6, 7,
//! 10, 12): a pack that is missing, cut short or replaced is not reused and
//! its data is stored again; prune deletes in two runs, frees duplicates of
//! concurrent backups and removes the temporary files of killed writes.
//! Every scenario ends with restores compared byte for byte and a clean
//! `check --read-data`.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use common::*;

/// Bytes of everything under packs/ (what the medium holds for data).
fn pack_bytes(repo: &Repo) -> u64 {
    repo.files("packs")
        .iter()
        .map(|p| fs::metadata(p).unwrap().len())
        .sum()
}

/// Pack files (not temporary files), sorted, so a test damages the same one each time.
fn packs(repo: &Repo) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = repo
        .files("packs")
        .into_iter()
        .filter(|p| !p.file_name().unwrap().to_string_lossy().starts_with('.'))
        .collect();
    v.sort();
    v
}

/// Three files of noise (2 MiB each) that share nothing with another seed's.
fn random_tree(dir: &Path, seed: u64) {
    use rand::{RngCore, SeedableRng};
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    fs::create_dir_all(dir).unwrap();
    for n in 0..3 {
        let mut data = vec![0u8; 2 << 20];
        rng.fill_bytes(&mut data);
        fs::write(dir.join(format!("aufnahme-{n}.dcm")), data).unwrap();
    }
}

fn expect(r: &Run, code: i32, what: &str) {
    assert_eq!(
        r.code, code,
        "{what}\nstdout:\n{}\nstderr:\n{}",
        r.stdout, r.stderr
    );
}

fn check(repo: &Repo) -> Run {
    run(&mut repo.cmd(&["check", "--read-data"]))
}

fn prune(repo: &Repo) -> Run {
    let r = run(&mut repo.cmd(&["prune"]));
    expect(&r, 0, "prune");
    r
}

/// Back up, damage the repository, back up again: the second run warns
/// (exit 1), stores the data again, and its snapshot restores. The leftover
/// is a note for check (exit 1, no errors); two prunes remove it and the
/// repository checks clean (exit 0) with every snapshot restorable.
fn damage_then_back_up_again(damage: impl Fn(&Repo, &Path)) {
    let t = tempfile::tempdir().unwrap();
    let src = t.path().join("praxis");
    practice_tree(&src, "tiny");
    let repo = Repo::init(t.path());
    let first = run(repo.cmd(&["backup", "--path"]).arg(&src));
    expect(&first, 0, "first backup");

    // The first snapshot is compared with the tree as it was then.
    let before = t.path().join("before");
    let cp = std::process::Command::new("cp")
        .arg("-a")
        .arg(&src)
        .arg(&before)
        .status()
        .unwrap();
    assert!(cp.success());
    damage(&repo, &src);

    let second = run(repo.cmd(&["backup", "--path"]).arg(&src));
    expect(&second, 1, "backup after the damage warns");
    assert!(
        !second.stdout.contains("new 0 B"),
        "the data was stored again: {}",
        second.stdout
    );
    assert!(
        second.stdout.contains("packs/"),
        "names the pack: {}",
        second.stdout
    );
    repo.assert_restores("latest", &src, &t.path().join("restore-latest"));

    let c = check(&repo);
    expect(&c, 1, "check notes the unusable leftover");
    assert!(c.stdout.contains("No errors found"), "{}", c.stdout);

    prune(&repo);
    prune(&repo);
    let c = check(&repo);
    expect(&c, 0, "check after two prunes");
    assert!(c.stdout.contains("No errors found"), "{}", c.stdout);
    let ids = repo.snapshot_ids();
    assert_eq!(ids.len(), 2);
    let first_target = t.path().join("restore-first");
    ok(repo
        .cmd(&["restore", &ids[0][..8], "--target"])
        .arg(&first_target));
    assert_same_tree(&before, &first_target.join(snapshot_path(&src)));
    repo.assert_restores(&ids[1][..8], &src, &t.path().join("restore-second"));
    // The next run has nothing to warn about and nothing new to store.
    let third = run(repo.cmd(&["backup", "--path"]).arg(&src));
    expect(&third, 0, "third backup");
}

#[test]
fn deleted_pack_is_stored_again() {
    damage_then_back_up_again(|repo, _| fs::remove_file(&packs(repo)[0]).unwrap());
}

#[test]
fn truncated_pack_is_stored_again() {
    damage_then_back_up_again(|repo, _| {
        let p = &packs(repo)[0];
        let len = fs::metadata(p).unwrap().len();
        fs::OpenOptions::new()
            .write(true)
            .open(p)
            .unwrap()
            .set_len(len / 2)
            .unwrap();
    });
}

#[test]
fn pack_replaced_by_another_size_is_stored_again() {
    damage_then_back_up_again(|repo, _| {
        let p = &packs(repo)[0];
        let len = fs::metadata(p).unwrap().len() as usize;
        fs::write(p, vec![0x5a; len + 4096]).unwrap();
    });
}

#[test]
fn removed_pack_folder_is_stored_again() {
    damage_then_back_up_again(|repo, _| {
        let dir = packs(repo)[0].parent().unwrap().to_path_buf();
        fs::remove_dir_all(dir).unwrap();
    });
}

/// An index file that names a pack which never existed, holding a blob the
/// next backup needs: the blob must be stored, not taken from the index.
#[test]
fn index_naming_a_pack_that_never_existed_is_not_trusted() {
    use tresor::repo::blob::{BlobKind, Compression};
    use tresor::repo::crypto::Identities;
    use tresor::repo::index::{self, PackInfo};
    use tresor::repo::pack::PackEntry;
    use tresor::repo::repository::index_key;
    use tresor::repo::{Id, Repository};
    use tresor::storage::local::LocalBackend;

    damage_then_back_up_again(|repo, src| {
        // A new small file: one chunk, whose id is the keyed hash of its content.
        let content = b"Befund 4711: Blutbild unauffaellig, Kontrolle in 3 Monaten.\n".repeat(20);
        fs::write(src.join("neuer-befund.txt"), &content).unwrap();
        let backend = Arc::new(LocalBackend::open(repo.repo.clone()).unwrap());
        let ids = Identities::parse(&fs::read_to_string(repo.machine_key()).unwrap()).unwrap();
        let r = Repository::open(backend, Arc::new(ids)).unwrap();
        let blob = r.id_key().id_of(&content);
        let never = PackInfo {
            id: Id::random(),
            cipher_len: 4096,
            header_len: 200,
            plain_len: 3000,
            blobs: vec![PackEntry {
                id: blob,
                kind: BlobKind::Data,
                compression: Compression::None,
                offset: 0,
                stored_len: content.len() as u32,
                raw_len: content.len() as u32,
            }]
            .into(),
            recipients: None,
        };
        r.save_file(&index_key(&Id::random()), &index::encode(&[never]))
            .unwrap();
    });
}

/// prune deletes in two runs: the first marks what no snapshot needs, the
/// second deletes it; every remaining snapshot restores in between.
#[test]
fn prune_marks_first_and_deletes_in_a_later_run() {
    let t = tempfile::tempdir().unwrap();
    let a = t.path().join("a");
    random_tree(&a, 1);
    let b = t.path().join("b");
    random_tree(&b, 2);
    let repo = Repo::init(t.path());
    expect(&run(repo.cmd(&["backup", "--path"]).arg(&a)), 0, "a");
    expect(&run(repo.cmd(&["backup", "--path"]).arg(&b)), 0, "b");
    let before = pack_bytes(&repo);
    let f = run(&mut repo.cmd(&["forget", "--keep-last", "1"]));
    expect(&f, 0, "forget");

    let first = prune(&repo);
    assert!(first.stdout.contains("marked"), "{}", first.stdout);
    assert_eq!(pack_bytes(&repo), before, "the first run deletes nothing");
    repo.assert_restores("latest", &b, &t.path().join("restore-1"));
    expect(&check(&repo), 0, "check between the runs");

    prune(&repo);
    let after = pack_bytes(&repo);
    assert!(after < before * 3 / 4, "{after} of {before}");
    repo.assert_restores("latest", &b, &t.path().join("restore-2"));
    expect(&check(&repo), 0, "check after the second run");
}

/// Two backups of the same data at the same time both store it; prune frees
/// the second copy. To make the duplicates certain (two processes may or may
/// not overlap), every pack is also copied under a new id — exactly what a
/// second concurrent run leaves: the same blobs in other packs.
#[test]
fn concurrent_backups_store_twice_and_prune_frees_the_duplicates() {
    let t = tempfile::tempdir().unwrap();
    let src = t.path().join("praxis");
    practice_tree(&src, "tiny");

    // One copy, as a repository of its own holds it.
    let single = Repo::init(&t.path().join("single"));
    expect(
        &run(single.cmd(&["backup", "--path"]).arg(&src)),
        0,
        "single",
    );
    let one_copy = pack_bytes(&single);

    let repo = Repo::init(&t.path().join("shared"));
    let spawn = || repo.cmd(&["backup", "--path"]).arg(&src).output().unwrap();
    let (x, y) = std::thread::scope(|s| {
        let x = s.spawn(spawn);
        let y = s.spawn(spawn);
        (x.join().unwrap(), y.join().unwrap())
    });
    assert_eq!(
        x.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&x.stderr)
    );
    assert_eq!(
        y.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&y.stderr)
    );
    for p in packs(&repo) {
        let id = tresor::repo::Id::random().to_hex();
        let dir = repo.repo.join("packs").join(&id[..2]);
        fs::create_dir_all(&dir).unwrap();
        fs::copy(&p, dir.join(&id)).unwrap();
    }
    assert!(pack_bytes(&repo) >= 2 * one_copy * 9 / 10);
    // A third run indexes the copies (they are valid packs) and reuses everything.
    expect(&run(repo.cmd(&["backup", "--path"]).arg(&src)), 0, "third");

    prune(&repo);
    prune(&repo);
    let after = pack_bytes(&repo);
    assert!(
        after <= one_copy + one_copy / 10,
        "{after} bytes stored, one copy is {one_copy}"
    );
    let ids = repo.snapshot_ids();
    assert_eq!(ids.len(), 3);
    for (n, id) in ids.iter().enumerate() {
        repo.assert_restores(&id[..8], &src, &t.path().join(format!("restore-{n}")));
    }
    expect(&check(&repo), 0, "check");
}

/// A killed backup leaves a half-written temporary pack: check reports it,
/// the next prune removes it.
#[test]
fn temporary_pack_of_a_killed_backup_is_removed_by_prune() {
    let t = tempfile::tempdir().unwrap();
    let src = t.path().join("praxis");
    fs::create_dir_all(&src).unwrap();
    fs::write(src.join("brief.rtf"), "Sehr geehrte Kollegin, ".repeat(500)).unwrap();
    let repo = Repo::init(t.path());
    expect(&run(repo.cmd(&["backup", "--path"]).arg(&src)), 0, "backup");
    // What LocalBackend's put leaves when the process dies mid-write.
    let dir = repo.repo.join("packs").join("ab");
    fs::create_dir_all(&dir).unwrap();
    let temp = dir.join(".tmp-0123456789abcdef");
    fs::write(&temp, vec![7u8; 300_000]).unwrap();

    let c = check(&repo);
    expect(&c, 0, "a temporary file is no error");
    assert!(
        c.stdout.contains("temporary file"),
        "check reports it: {}",
        c.stdout
    );

    prune(&repo);
    assert!(!temp.exists(), "prune removed the temporary pack");
    let c = check(&repo);
    expect(&c, 0, "check after prune");
    assert!(!c.stdout.contains("temporary file"), "{}", c.stdout);
    repo.assert_restores("latest", &src, &t.path().join("restore"));
}

/// A flipped byte found by `check --read-data` is recorded: the next backup
/// does not reuse the damaged pack but stores its data again, and prune
/// removes the pack once nothing needs it.
#[test]
fn damage_found_by_check_is_not_reused() {
    let t = tempfile::tempdir().unwrap();
    let src = t.path().join("praxis");
    practice_tree(&src, "tiny");
    let repo = Repo::init(t.path());
    expect(&run(repo.cmd(&["backup", "--path"]).arg(&src)), 0, "backup");
    let victim = packs(&repo)
        .into_iter()
        .max_by_key(|p| fs::metadata(p).unwrap().len())
        .unwrap();
    let mut bytes = fs::read(&victim).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x01;
    fs::write(&victim, bytes).unwrap();

    let c = check(&repo);
    expect(&c, 2, "check finds the damage");
    assert!(c.stdout.contains("recorded"), "{}", c.stdout);

    let again = run(repo.cmd(&["backup", "--path"]).arg(&src));
    expect(&again, 0, "backup after check");
    assert!(!again.stdout.contains("new 0 B"), "{}", again.stdout);
    repo.assert_restores("latest", &src, &t.path().join("restore-latest"));
    // The damaged pack is still on the medium: check still names it.
    expect(&check(&repo), 2, "damage is still there");

    prune(&repo);
    prune(&repo);
    assert!(!victim.exists(), "prune removed the damaged pack");
    let c = check(&repo);
    expect(&c, 0, "clean after prune");
    let ids = repo.snapshot_ids();
    repo.assert_restores(&ids[0][..8], &src, &t.path().join("restore-first"));
}

/// A pack overwritten with zeros at its indexed size passes the cheap size
/// check; the backup finds it damaged when it reads the previous file list
/// from it, and then must not reuse anything stored there.
#[test]
fn pack_found_damaged_while_reading_the_previous_file_list_is_not_reused() {
    let t = tempfile::tempdir().unwrap();
    let src = t.path().join("praxis");
    practice_tree(&src, "tiny");
    let repo = Repo::init(t.path());
    expect(
        &run(repo.cmd(&["backup", "--path"]).arg(&src)),
        0,
        "first backup",
    );
    // The file list is written last, into the newest pack. (Same-size damage
    // to a pack the backup does not read is found by `check --read-data`,
    // which marks it; docs/format.md.)
    let newest = packs(&repo)
        .into_iter()
        .max_by_key(|p| std::fs::metadata(p).unwrap().modified().unwrap())
        .unwrap();
    let len = std::fs::metadata(&newest).unwrap().len();
    std::fs::write(&newest, vec![0u8; len as usize]).unwrap();
    let second = run(repo.cmd(&["backup", "--path"]).arg(&src));
    expect(&second, 1, "backup after the damage warns");
    assert!(!second.stdout.contains("new 0 B"), "{}", second.stdout);
    repo.assert_restores("latest", &src, &t.path().join("restore-latest"));
}
