use std::path::{Path, PathBuf};

use super::*;
use crate::report::record::{RunKind, RunRecord};

fn record(job: &str, items: u64) -> RunRecord {
    let mut r = RunRecord::start(RunKind::Backup, Some(job), "Praxis Dr. Muster");
    r.items = items;
    r.finish(0);
    r
}

fn journal_with(n: u64) -> (tempfile::TempDir, PathBuf) {
    let t = tempfile::tempdir().unwrap();
    let p = t.path().join("data/journal.jsonl");
    for i in 1..=n {
        let e = append(&p, &record("nightly", i)).unwrap();
        assert_eq!(e.seq, i);
    }
    (t, p)
}

fn lines(p: &Path) -> Vec<String> {
    std::fs::read_to_string(p)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

fn write_lines(p: &Path, lines: &[String]) {
    std::fs::write(p, lines.join("\n") + "\n").unwrap();
}

#[test]
fn entries_chain_and_the_head_follows() {
    let (_t, p) = journal_with(3);
    let j = read(&p).unwrap();
    let entries: Vec<Entry> = j.lines.iter().filter_map(Line::entry).collect();
    assert_eq!(entries.len(), 3);
    assert_eq!(entries[0].prev, ZERO_HASH);
    assert_eq!(entries[1].prev, entries[0].hash);
    assert_eq!(entries[2].prev, entries[1].hash);
    assert_eq!(entries[2].record.items, 3);
    let head = j.head.unwrap();
    assert_eq!(
        (head.seq, head.hash.as_str()),
        (3, entries[2].hash.as_str())
    );
    let v = verify(&p);
    assert!(v.intact(), "{v:?}");
    assert_eq!((v.entries, v.legacy), (3, 0));
    // The export is the file as it is.
    assert_eq!(export_for_snapshot(&p).unwrap(), std::fs::read(&p).unwrap());
}

#[test]
fn an_edited_entry_is_named() {
    let (_t, p) = journal_with(3);
    let mut l = lines(&p);
    l[1] = l[1].replace("\"items\":2", "\"items\":7");
    write_lines(&p, &l);
    assert_eq!(
        verify(&p).problem,
        Some(Problem::Edited { line: 2, seq: 2 })
    );
}

#[test]
fn an_edited_entry_with_recomputed_hash_breaks_the_next_link() {
    let (_t, p) = journal_with(3);
    let mut l = lines(&p);
    let mut v: serde_json::Value = serde_json::from_str(&l[1]).unwrap();
    v["record"]["items"] = 7.into();
    v["hash"] = entry_hash(&v).into();
    l[1] = v.to_string();
    write_lines(&p, &l);
    assert_eq!(
        verify(&p).problem,
        Some(Problem::ChainBroken { line: 3, seq: 3 })
    );
}

#[test]
fn a_deleted_middle_entry_is_named() {
    let (_t, p) = journal_with(4);
    let mut l = lines(&p);
    l.remove(1);
    write_lines(&p, &l);
    assert_eq!(
        verify(&p).problem,
        Some(Problem::Missing {
            line: 2,
            expected: 2,
            found: 3
        })
    );
}

#[test]
fn deleting_the_newest_entries_is_seen_through_the_head() {
    let (_t, p) = journal_with(4);
    let mut l = lines(&p);
    l.truncate(2);
    write_lines(&p, &l);
    assert_eq!(
        verify(&p).problem,
        Some(Problem::NewestMissing {
            head_seq: 4,
            last_seq: 2
        })
    );
    // The next entry continues after the head, so the gap stays visible.
    let e = append(&p, &record("nightly", 9)).unwrap();
    assert_eq!(e.seq, 5);
    assert!(matches!(
        verify(&p).problem,
        Some(Problem::Missing {
            expected: 3,
            found: 5,
            ..
        })
    ));
    // Deleting the head as well is not silent either.
    let (_t2, p2) = journal_with(2);
    std::fs::remove_file(head_path(&p2)).unwrap();
    assert_eq!(
        verify(&p2).problem,
        Some(Problem::HeadMissing { last_seq: 2 })
    );
}

#[test]
fn a_reordered_pair_is_named() {
    let (_t, p) = journal_with(4);
    let mut l = lines(&p);
    l.swap(1, 2);
    write_lines(&p, &l);
    assert_eq!(
        verify(&p).problem,
        Some(Problem::Reordered {
            line: 2,
            seq: 3,
            expected: 2
        })
    );
}

#[test]
fn a_torn_last_line_is_reported_and_the_next_entry_starts_a_new_line() {
    let (_t, p) = journal_with(2);
    // A crash while writing entry 3: half a line, no line end, head not updated.
    let mut bytes = std::fs::read(&p).unwrap();
    bytes.extend_from_slice(b"{\"seq\":3,\"prev\":\"ab");
    std::fs::write(&p, &bytes).unwrap();
    assert_eq!(
        verify(&p).problem,
        Some(Problem::Torn {
            line: 3,
            last: true
        })
    );
    let e = append(&p, &record("nightly", 3)).unwrap();
    assert_eq!(e.seq, 3, "continues after the last complete entry");
    let l = lines(&p);
    assert_eq!(l.len(), 4);
    assert!(l[2].ends_with("\"prev\":\"ab"), "torn line kept as it was");
    assert!(l[3].starts_with("{\"seq\":3"), "new entry on its own line");
    // The chain around it holds; the torn line is still reported.
    assert_eq!(
        verify(&p).problem,
        Some(Problem::Torn {
            line: 3,
            last: false
        })
    );
    assert_eq!(read(&p).unwrap().records().len(), 3);
}

#[test]
fn old_drill_lines_read_as_legacy_and_are_not_tampering() {
    let t = tempfile::tempdir().unwrap();
    let p = t.path().join("journal.jsonl");
    let old = serde_json::json!({
        "kind": "drill", "time": "2026-06-01T10:00:00+02:00", "repository": "/rdx",
        "databases": [], "files": {"snapshot": "ab", "sampled": 2, "verified": 2},
        "tested": {"databases": 0, "files": 2}, "ok": true, "problems": [], "untested": []
    });
    std::fs::write(&p, format!("{old}\n{old}\n")).unwrap();
    let v = verify(&p);
    assert!(v.intact(), "{v:?}");
    assert_eq!((v.entries, v.legacy), (0, 2));
    let e = append(&p, &record("nightly", 1)).unwrap();
    assert_eq!((e.seq, e.prev.as_str()), (1, ZERO_HASH));
    let v = verify(&p);
    assert!(v.intact(), "{v:?}");
    assert_eq!((v.entries, v.legacy), (1, 2));
    let records = read(&p).unwrap().records();
    assert_eq!(records.len(), 3);
    assert_eq!(records[0].kind, RunKind::Drill);
}

#[test]
fn an_unchained_line_after_the_chain_is_tampering_and_not_trusted() {
    let (_t, p) = journal_with(1);
    // A forged "drill passed" in the old format, appended by hand.
    let mut text = std::fs::read_to_string(&p).unwrap();
    text.push_str(r#"{"kind":"drill","time":"2026-11-30T10:00:00+01:00","ok":true,"problems":[]}"#);
    text.push('\n');
    std::fs::write(&p, text).unwrap();
    let v = verify(&p);
    assert_eq!(
        v.problem.as_ref().map(|p| p.code()),
        Some("journal_unchained"),
        "{v:?}"
    );
    // Status reads only what it can trust.
    let records = read(&p).unwrap().records();
    assert!(
        records.iter().all(|r| r.kind != RunKind::Drill),
        "{records:?}"
    );
}

#[test]
fn concurrent_appenders_keep_one_valid_chain() {
    let t = tempfile::tempdir().unwrap();
    let p = t.path().join("journal.jsonl");
    let threads: Vec<_> = (0..6)
        .map(|n| {
            let p = p.clone();
            std::thread::spawn(move || {
                for i in 0..20 {
                    append(&p, &record(&format!("job{n}"), i)).unwrap();
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let v = verify(&p);
    assert!(v.intact(), "{v:?}");
    assert_eq!(v.entries, 120);
    assert_eq!(v.last.unwrap().seq, 120);
}

#[test]
fn a_missing_journal_is_empty_and_intact() {
    let t = tempfile::tempdir().unwrap();
    let p = t.path().join("journal.jsonl");
    let v = verify(&p);
    assert!(v.intact());
    assert_eq!(v.entries, 0);
    assert!(export_for_snapshot(&p).unwrap().is_empty());
    assert_eq!(
        path_beside(Path::new("/var/lib/tresor/machine.key")),
        Path::new("/var/lib/tresor/journal.jsonl")
    );
}

#[test]
fn a_head_one_behind_is_a_crash_not_tampering() {
    let (_t, p) = journal_with(3);
    let j = read(&p).unwrap();
    let second = j.lines[1].entry().unwrap();
    std::fs::write(
        head_path(&p),
        serde_json::to_vec(&Head {
            seq: 2,
            hash: second.hash,
        })
        .unwrap(),
    )
    .unwrap();
    let v = verify(&p);
    assert!(v.intact(), "{v:?}");
    assert!(v.head_behind);
}
