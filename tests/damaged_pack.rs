//! Restoring from a damaged pack: one flipped byte inside a pack that holds
//! only one file's data. The restore fails (exit 2) naming that file and the
//! pack, and brings every other file back intact; `check --read-data` names
//! the pack, the affected snapshot and the file, and no other snapshot.
//! A pack whose read as a whole breaks off in data the restore does not
//! want brings the wanted file back whole, with a warning (exit 1).

mod common;

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;
use std::sync::Arc;

use common::*;
use rand::{RngCore, SeedableRng};
use tresor::repo::crypto::{encrypt, Identities, Recipients};
use tresor::repo::repository::pack_key;
use tresor::repo::Repository;
use tresor::storage::local::LocalBackend;

/// Every regular file below `root`, relative path → content.
fn tree(root: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(root).unwrap();
            (
                rel.to_string_lossy().into_owned(),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// A repository with two snapshots: five letters, then the letters and an
/// 18 MiB scan. Returns it with the source, the snapshot ids, the scan's
/// path in the snapshot, a pack holding only scan data and that pack's file.
struct ScanPack {
    repo: Repo,
    src: std::path::PathBuf,
    ids: Vec<String>,
    scan_path: String,
    pack: tresor::repo::index::PackInfo,
    pack_file: std::path::PathBuf,
}

fn scan_pack(t: &Path) -> ScanPack {
    let src = t.join("praxis");
    fs::create_dir_all(src.join("Briefe")).unwrap();
    for i in 0..5 {
        fs::write(
            src.join(format!("Briefe/brief_{i}.rtf")),
            format!("Sehr geehrte Kollegin {i}, vielen Dank.").repeat(400),
        )
        .unwrap();
    }
    let repo = Repo::init(t);
    repo.backup(&src);
    // The second run stores only the new scan: more than 16 MiB, so with
    // 8 MiB packs its first pack holds nothing else (no file list either).
    let mut scan = vec![0u8; 18 << 20];
    rand::rngs::StdRng::seed_from_u64(4).fill_bytes(&mut scan);
    fs::write(src.join("roentgen.dcm"), &scan).unwrap();
    repo.backup(&src);
    let ids = repo.snapshot_ids();
    assert_eq!(ids.len(), 2);

    // Find, through the library, a pack whose blobs are all the scan's.
    let r = open(&repo);
    let (_, snap) = r.find_snapshot(&ids[1]).unwrap();
    let scan_path = format!("{}/roentgen.dcm", snapshot_path(&src));
    let nodes = r.load_tree(&snap).unwrap();
    let scan_chunks: BTreeSet<_> = nodes
        .iter()
        .find(|n| n.path == scan_path)
        .expect("scan in the snapshot")
        .chunks
        .iter()
        .copied()
        .collect();
    let pack = r
        .index()
        .packs()
        .iter()
        .find(|p| p.blobs.iter().all(|b| scan_chunks.contains(&b.id)))
        .expect("a pack with only the scan's data")
        .clone();
    let pack_file = repo.repo.join(pack_key(&pack.id));
    ScanPack {
        repo,
        src,
        ids,
        scan_path,
        pack,
        pack_file,
    }
}

fn open(repo: &Repo) -> tresor::repo::IndexedRepo {
    let ids_key =
        Arc::new(Identities::parse(&fs::read_to_string(repo.machine_key()).unwrap()).unwrap());
    let backend = Arc::new(LocalBackend::open(repo.repo.clone()).unwrap());
    Repository::open(backend, ids_key)
        .unwrap()
        .load_index()
        .unwrap()
}

/// Restores the second snapshot (the one with the scan) into `target` and
/// checks that it fails with exit 2 naming the scan and the pack `pack_hex`;
/// returns what was said.
fn restore_fails_on_scan(repo: &Repo, ids: &[String], target: &Path, pack_hex: &str) -> String {
    let out = run(repo.cmd(&["restore", &ids[1][..8], "--target"]).arg(target));
    assert_eq!(out.code, 2, "{}{}", out.stdout, out.stderr);
    let told = format!("{}{}", out.stdout, out.stderr);
    assert!(told.contains("roentgen.dcm"), "names the file: {told}");
    assert!(told.contains(pack_hex), "names the pack {pack_hex}: {told}");
    told
}

/// A pack whose ciphertext is authentic but whose content is not what its
/// blob ids say (written by someone holding only the public key, or by a
/// faulty program): age accepts it, only the blob hashes can tell. Restore
/// writes blobs unhashed and proves them by read-back, so this is the case
/// where it must still name the pack, not blame the disk.
#[test]
fn an_authentic_pack_with_changed_content_fails_that_file_and_names_the_pack() {
    let t = tempfile::tempdir().unwrap();
    let ScanPack {
        repo,
        src,
        ids,
        pack,
        pack_file,
        ..
    } = scan_pack(t.path());
    let r = open(&repo);
    let mut plain = r.read_pack(&pack).unwrap();
    // Random data is stored uncompressed: one changed byte keeps every
    // length and decompresses fine.
    let mid = pack.blobs.entry(pack.blobs.len() / 2).offset as usize + 100;
    plain[mid] ^= 0x01;
    let rcpt = Recipients::parse(r.config().pack_recipients(&pack)).unwrap();
    drop(r);
    fs::write(&pack_file, encrypt(&rcpt, &plain).unwrap()).unwrap();
    // age greases every header with a random stanza, so the new pack has
    // another length than the index records; without the index files every
    // pack is found again by its trailer, as after a lost index.
    fs::remove_dir_all(repo.repo.join("index")).unwrap();

    let target = t.path().join("restore");
    let told = restore_fails_on_scan(&repo, &ids, &target, &pack.id.to_hex());
    assert!(
        !told.contains("differs from the snapshot"),
        "the pack is damaged, not the write: {told}"
    );
    // Everything else is there, intact; of the scan nothing, not even a
    // temporary file.
    let mut want = tree(&src);
    want.remove("roentgen.dcm");
    assert!(tree(&target.join(snapshot_path(&src))) == want);
    assert_eq!(tree(&target).len(), want.len(), "nothing left over");
}

#[test]
fn a_flipped_byte_in_one_files_pack_fails_that_file_only_and_names_the_pack() {
    let t = tempfile::tempdir().unwrap();
    let ScanPack {
        repo,
        src,
        ids,
        scan_path,
        pack,
        pack_file,
    } = scan_pack(t.path());
    let pack_hex = pack.id.to_hex();
    let mut bytes = fs::read(&pack_file).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x01;
    fs::write(&pack_file, bytes).unwrap();

    // Restore: exit 2, the scan and the pack named, everything else intact.
    let target = t.path().join("restore");
    restore_fails_on_scan(&repo, &ids, &target, &pack_hex);
    let want = tree(&src);
    let got = tree(&target.join(snapshot_path(&src)));
    for (rel, data) in &want {
        if rel == "roentgen.dcm" {
            continue;
        }
        assert!(got.get(rel) == Some(data), "{rel} not restored intact");
    }
    // The first snapshot does not need the pack: it restores completely.
    let first = t.path().join("restore-first");
    let out = run(repo.cmd(&["restore", &ids[0][..8], "--target"]).arg(&first));
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    let mut before_scan = want.clone();
    before_scan.remove("roentgen.dcm");
    assert!(tree(&first.join(snapshot_path(&src))) == before_scan);

    // check --read-data: the pack, the second snapshot and the scan, nothing else.
    let check = run(&mut repo.cmd(&["check", "--read-data"]));
    assert_eq!(check.code, 2, "{}{}", check.stdout, check.stderr);
    assert!(
        check.stdout.contains(&pack_hex),
        "names the pack: {}",
        check.stdout
    );
    let affected: Vec<&str> = check
        .stdout
        .lines()
        .filter(|l| l.starts_with("Affected snapshot"))
        .collect();
    assert_eq!(affected.len(), 1, "{}", check.stdout);
    assert!(affected[0].contains(&ids[1][..8]), "{}", check.stdout);
    assert!(
        check.stdout.contains(&scan_path),
        "names the file: {}",
        check.stdout
    );
    for rel in want.keys().filter(|r| *r != "roentgen.dcm") {
        assert!(
            !check.stdout.contains(rel.as_str()),
            "{rel} is not affected: {}",
            check.stdout
        );
    }
    // Words, not `!` markers; the damage said in the practice's language.
    let short = &ids[1][..8];
    let no_markers = |out: &str| {
        assert!(
            !out.lines().any(|l| l.trim_start().starts_with('!')),
            "{out}"
        );
    };
    no_markers(&check.stdout);
    assert!(
        check.stdout.contains("Error: The data file (pack) packs/"),
        "{}",
        check.stdout
    );
    assert!(
        check.stdout.contains(&format!("Snapshot {short} of "))
            && check.stdout.contains("1 file has missing or damaged data."),
        "{}",
        check.stdout
    );
    let de = run(repo.cmd(&["check", "--read-data"]).env("TRESOR_LANG", "de"));
    assert_eq!(de.code, 2, "{}{}", de.stdout, de.stderr);
    no_markers(&de.stdout);
    assert!(
        de.stdout.contains("Fehler: Die Datendatei (Pack) packs/")
            && de.stdout.contains(&pack_hex)
            && de
                .stdout
                .contains("ist beschädigt: die Prüfung ihres Inhalts schlägt fehl"),
        "{}",
        de.stdout
    );
    assert!(
        de.stdout
            .contains(&format!("Fehler: Sicherung {short} vom "))
            && de
                .stdout
                .contains("1 Datei hat fehlende oder beschädigte Daten."),
        "{}",
        de.stdout
    );
    assert!(
        de.stdout
            .contains(&format!("Betroffene Sicherung {short} vom ")),
        "{}",
        de.stdout
    );
    for english in ["is damaged", "file(s)", "snapshot "] {
        assert!(!de.stdout.contains(english), "{english}: {}", de.stdout);
    }
    // The date as people write it here (30.11.2026 19:35), not ISO.
    let iso = de.stdout.as_bytes().windows(10).any(|w| {
        w.iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            _ => b.is_ascii_digit(),
        })
    });
    assert!(!iso, "{}", de.stdout);
    // JSON keeps the English text for tools.
    let json = run(&mut repo.cmd(&["check", "--read-data", "--json"]));
    assert_eq!(json.code, 2);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).expect("one JSON document");
    let errors = v.to_string();
    assert!(
        errors.contains("is damaged") && errors.contains("1 file(s) have missing or damaged data"),
        "{errors}"
    );
}

/// Found by the review: a pack read as one stream (the scan is most of it)
/// breaks off at a damaged piece that holds only an older report's data,
/// which this restore does not want. The scan's blobs, read one by one,
/// bring it back whole, yet the medium deserves a check: the restore warns
/// (exit 1) and names the pack; it does not say plain "OK".
#[test]
fn a_pack_read_whole_that_breaks_off_before_the_wanted_file_restores_it_with_a_warning() {
    let t = tempfile::tempdir().unwrap();
    let src = t.path().join("praxis");
    fs::create_dir_all(&src).unwrap();
    // Saved in one run, the report first: one pack holds both.
    fs::write(src.join("befund_alt.pdf"), noise(1_500_000, 7)).unwrap();
    fs::write(src.join("roentgen.dcm"), noise(5 << 20, 8)).unwrap();
    let repo = Repo::init(t.path());
    repo.backup(&src);
    let id = repo.snapshot_ids().remove(0);

    let r = open(&repo);
    let (_, snap) = r.find_snapshot(&id).unwrap();
    let scan_path = format!("{}/roentgen.dcm", snapshot_path(&src));
    let scan: BTreeSet<_> = r
        .load_tree(&snap)
        .unwrap()
        .into_iter()
        .find(|n| n.path == scan_path)
        .expect("scan in the snapshot")
        .chunks
        .into_iter()
        .collect();
    let pack = r.index().get(scan.first().unwrap()).unwrap().0.clone();
    drop(r);
    // Plaintext ranges of the scan's blobs in that pack.
    let wanted: Vec<(u64, u64)> = pack
        .blobs
        .iter()
        .filter(|e| scan.contains(&e.id))
        .map(|e| (e.offset, e.offset + u64::from(e.stored_len)))
        .collect();
    let needed: u64 = wanted.iter().map(|(a, b)| b - a).sum();
    assert!(
        needed * 2 >= pack.plain_len,
        "the scan is most of its pack, so restore reads it whole: {needed} of {}",
        pack.plain_len
    );
    // A piece of age's stream (64 KiB of plaintext) with none of the scan in
    // it, before a blob of the scan: the stream must pass it, a ranged read
    // of the scan's blobs does not.
    let chunk = tresor::repo::crypto::CHUNK;
    let last_start = wanted.iter().map(|(a, _)| *a).max().unwrap();
    let k = (0..last_start / chunk)
        .find(|k| {
            let (s, e) = (k * chunk, (k + 1) * chunk);
            wanted.iter().all(|&(a, b)| b <= s || a >= e)
        })
        .expect("a piece of the report's data before the scan's last blob");
    // age: header, 16-byte nonce, then per piece its ciphertext and a 16-byte tag.
    let at = u64::from(pack.header_len) + 16 + k * (chunk + 16) + chunk / 2;
    let pack_file = repo.repo.join(pack_key(&pack.id));
    let mut bytes = fs::read(&pack_file).unwrap();
    bytes[at as usize] ^= 0x01;
    fs::write(&pack_file, bytes).unwrap();

    let target = t.path().join("restore");
    let out = expect_code(
        repo.cmd(&["restore", &id[..8], "--include", &scan_path, "--target"])
            .arg(&target),
        1,
    );
    assert!(
        out.stderr.contains(&format!(
            "pack {}: reading it whole broke off",
            pack.id.to_hex()
        )) && out
            .stderr
            .contains("the rest was read blob by blob. The medium deserves a check"),
        "{}",
        out.stderr
    );
    let mut want = tree(&src);
    want.remove("befund_alt.pdf");
    assert!(tree(&target.join(snapshot_path(&src))) == want);
}

/// The journal's last entry beside the machine key.
fn last_journal_entry(repo: &Repo) -> serde_json::Value {
    let journal = fs::read_to_string(repo.keys.join("journal.jsonl")).expect("journal written");
    let entry: serde_json::Value =
        serde_json::from_str(journal.lines().last().expect("an entry")).expect("JSON line");
    entry["record"].clone()
}

/// A drill whose sample covers every file of the newest snapshot, one of
/// them in a damaged pack: the drill fails (exit 2), says how many files
/// could not be restored, and the journal records it as failed with a
/// `drill_failed` error, in English and in German.
#[test]
fn a_drill_that_meets_a_damaged_pack_fails_and_names_how_many_files_failed() {
    let t = tempfile::tempdir().unwrap();
    let ScanPack {
        repo,
        src,
        pack_file,
        ..
    } = scan_pack(t.path());
    let total = tree(&src).len();
    let mut bytes = fs::read(&pack_file).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x01;
    fs::write(&pack_file, bytes).unwrap();

    let r = expect_code(&mut repo.cmd(&["drill", "--sample", "100000"]), 2);
    assert!(
        r.stdout.contains(&format!(
            "Files: {} of {total} restored and verified",
            total - 1
        )),
        "{}",
        r.stdout
    );
    assert!(
        r.stderr
            .contains("The restore drill failed: 1 file could not be restored or verified"),
        "{}",
        r.stderr
    );
    let entry = last_journal_entry(&repo);
    assert_eq!(entry["kind"], "drill", "{entry}");
    assert_eq!(entry["outcome"], "failed", "{entry}");
    assert_eq!(entry["items"], total as u64 - 1, "{entry}");
    let errors = entry["errors"].as_array().expect("errors in the journal");
    assert_eq!(errors.len(), 1, "{entry}");
    assert_eq!(errors[0]["code"], "drill_failed", "{entry}");
    assert!(
        errors[0]["text"]
            .as_str()
            .unwrap_or("")
            .contains("1 file could not be restored or verified"),
        "{entry}"
    );

    let de = expect_code(
        repo.cmd(&["drill", "--sample", "100000"])
            .env("TRESOR_LANG", "de"),
        2,
    );
    assert!(
        de.stdout.contains(&format!(
            "Dateien: {} von {total} wiederhergestellt und bestätigt",
            total - 1
        )),
        "{}",
        de.stdout
    );
    assert!(
        de.stderr.contains(
            "Die Wiederherstellungsprobe ist fehlgeschlagen: 1 Datei ließ sich nicht wiederherstellen oder bestätigen"
        ),
        "{}",
        de.stderr
    );
    let entry = last_journal_entry(&repo);
    assert_eq!(entry["outcome"], "failed", "{entry}");
    assert_eq!(entry["errors"][0]["code"], "drill_failed", "{entry}");
}
