//! The journal: one JSON line per job, restore and drill, appended and never
//! rewritten — the evidence a practice keeps under GDPR Art. 32 (a later
//! issue adds every job kind and the status view on top of it).

use std::io::Write;
use std::path::{Path, PathBuf};

/// The journal lives beside the machine key, in tresor's own data folder.
pub fn path_beside(machine_key: &Path) -> PathBuf {
    machine_key
        .parent()
        .map(|d| d.join("journal.jsonl"))
        .unwrap_or_else(|| PathBuf::from("journal.jsonl"))
}

pub fn append(path: &Path, entry: &serde_json::Value) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut line = serde_json::to_vec(entry).map_err(std::io::Error::other)?;
    line.push(b'\n');
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)?;
    f.write_all(&line)?;
    f.sync_all()
}

#[cfg(test)]
mod tests {
    #[test]
    fn appends_lines() {
        let t = tempfile::tempdir().unwrap();
        let p = t.path().join("j/journal.jsonl");
        super::append(&p, &serde_json::json!({"kind": "drill", "ok": true})).unwrap();
        super::append(&p, &serde_json::json!({"kind": "drill", "ok": false})).unwrap();
        let text = std::fs::read_to_string(&p).unwrap();
        assert_eq!(text.lines().count(), 2);
        assert!(text.lines().nth(1).unwrap().contains("false"));
    }
}
