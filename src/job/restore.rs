//! Restore: files of a snapshot into a target folder. Nothing outside the
//! target is ever written, nothing existing is overwritten unless asked, and
//! every restored file is read back and proved against its chunk ids.
//!
//! Blobs are fetched pack by pack: a pack mostly needed is read whole, a pack
//! of which a few blobs are needed is read by range (single-file restores from
//! a big repository download little).

use std::collections::HashMap;
use std::fs::{self, File, OpenOptions};
use std::io::Read;
use std::path::{Path, PathBuf};

use crossbeam_channel::unbounded;
use globset::{GlobBuilder, GlobSet, GlobSetBuilder};

use crate::repo::index::PackInfo;
use crate::repo::pack::PackEntry;
use crate::repo::tree::{Node, NodeKind};
use crate::repo::{Id, IndexedRepo, RepoError, Snapshot};
use crate::report::progress::Phase;
use crate::report::Progress;

use super::JobError;

pub struct RestoreRequest {
    pub target: PathBuf,
    /// Globs or path prefixes inside the snapshot; empty = everything.
    pub include: Vec<String>,
    pub overwrite: bool,
    pub threads: usize,
}

#[derive(Debug, Default)]
pub struct RestoreOutcome {
    pub files: u64,
    pub dirs: u64,
    pub bytes: u64,
    pub verified: u64,
    /// Files that could not be restored or did not verify (path, why).
    pub failed: Vec<(String, String)>,
}

/// Selects the nodes to restore: a node is chosen when a pattern matches it or
/// one of its parent directories, so `C/DConcept/DEDATA` restores the folder.
pub fn select(nodes: Vec<Node>, include: &[String]) -> Result<Vec<Node>, JobError> {
    if include.is_empty() {
        return Ok(nodes);
    }
    let set = globs(include)?;
    let chosen: Vec<Node> = nodes
        .into_iter()
        .filter(|n| {
            let mut p = n.path.as_str();
            loop {
                if set.is_match(p) {
                    return true;
                }
                match p.rfind('/') {
                    Some(i) => p = &p[..i],
                    None => return false,
                }
            }
        })
        .collect();
    if chosen.is_empty() {
        return Err(JobError::NothingSelected {
            patterns: include.join(", "),
        });
    }
    Ok(chosen)
}

fn globs(patterns: &[String]) -> Result<GlobSet, JobError> {
    let mut b = GlobSetBuilder::new();
    for p in patterns {
        let p = p.replace('\\', "/");
        let p = p.trim_matches('/');
        let g = GlobBuilder::new(p)
            .case_insensitive(true)
            .literal_separator(true)
            .build()
            .map_err(|e| JobError::Pattern {
                pattern: p.to_string(),
                reason: e.to_string(),
            })?;
        b.add(g);
    }
    b.build().map_err(|e| JobError::Pattern {
        pattern: patterns.join(", "),
        reason: e.to_string(),
    })
}

/// Target path of a snapshot path, or None if it would leave the target.
pub fn safe_join(target: &Path, snapshot_path: &str) -> Option<PathBuf> {
    let mut out = target.to_path_buf();
    let mut any = false;
    for c in snapshot_path.split('/') {
        let bad = c.is_empty()
            || c == "."
            || c == ".."
            || c.contains(['\\', ':', '\0'])
            || (cfg!(windows) && c.ends_with(['.', ' ']));
        if bad {
            return None;
        }
        out.push(c);
        any = true;
    }
    any.then_some(out)
}

struct Job {
    path: PathBuf,
    node: Node,
}

pub fn run(
    repo: &IndexedRepo,
    snap: &Snapshot,
    req: &RestoreRequest,
    progress: &Progress,
) -> Result<RestoreOutcome, JobError> {
    let nodes = select(repo.load_tree(snap)?, &req.include)?;
    let mut jobs = Vec::with_capacity(nodes.len());
    for n in nodes {
        let path = safe_join(&req.target, &n.path).ok_or_else(|| JobError::UnsafePath {
            path: n.path.clone(),
        })?;
        jobs.push(Job { path, node: n });
    }
    if !req.overwrite {
        let existing: Vec<&Job> = jobs
            .iter()
            .filter(|j| j.node.kind != NodeKind::Dir && fs::symlink_metadata(&j.path).is_ok())
            .collect();
        if let Some(first) = existing.first() {
            return Err(JobError::WouldOverwrite {
                count: existing.len(),
                first: first.path.display().to_string(),
            });
        }
    }
    // Every blob must be known before anything is written.
    for j in &jobs {
        for c in &j.node.chunks {
            if !repo.index().contains(c) {
                return Err(RepoError::BlobMissing { id: *c }.into());
            }
        }
    }
    fs::create_dir_all(&req.target)
        .map_err(|e| JobError::Target(format!("{}: {e}", req.target.display())))?;

    let mut out = RestoreOutcome::default();
    let total: u64 = jobs.iter().map(|j| j.node.size).sum();
    progress.start(Phase::Restore, total);

    // Create the files at their final size, then fill them pack by pack.
    let mut per_pack: HashMap<Id, Vec<(PackEntry, usize, u64)>> = HashMap::new();
    let mut broken: HashMap<usize, String> = HashMap::new();
    for (i, j) in jobs.iter().enumerate() {
        match j.node.kind {
            NodeKind::Dir => {
                fs::create_dir_all(&j.path).map_err(|e| write_err(&j.path, e))?;
                out.dirs += 1;
            }
            NodeKind::Symlink => {
                if let Some(parent) = j.path.parent() {
                    fs::create_dir_all(parent).map_err(|e| write_err(parent, e))?;
                }
                if let Err(e) = make_symlink(
                    j.node.target.as_deref().unwrap_or(""),
                    &j.path,
                    req.overwrite,
                ) {
                    out.failed.push((j.node.path.clone(), e.to_string()));
                }
            }
            NodeKind::File => {
                if let Some(parent) = j.path.parent() {
                    fs::create_dir_all(parent).map_err(|e| write_err(parent, e))?;
                }
                let f = File::create(&j.path).map_err(|e| write_err(&j.path, e))?;
                f.set_len(j.node.size).map_err(|e| write_err(&j.path, e))?;
                let mut offset = 0u64;
                for c in &j.node.chunks {
                    if let Some((pack, entry)) = repo.index().get(c) {
                        per_pack
                            .entry(pack.id)
                            .or_default()
                            .push((*entry, i, offset));
                        offset += entry.raw_len as u64;
                    }
                }
                if offset != j.node.size {
                    broken.insert(i, "chunk sizes do not add up to the file size".into());
                }
            }
        }
    }

    let (tx, rx) = unbounded::<(Id, Vec<(PackEntry, usize, u64)>)>();
    for item in per_pack {
        let _ = tx.send(item);
    }
    drop(tx);
    let errors = std::sync::Mutex::new(Vec::<(usize, String)>::new());
    let fatal = std::sync::Mutex::new(None::<JobError>);
    std::thread::scope(|s| {
        for _ in 0..req.threads.max(1) {
            s.spawn(|| {
                for (pack_id, mut wants) in rx.iter() {
                    let Some(pack) = repo.index().pack(&pack_id) else {
                        continue;
                    };
                    if let Err(e) = restore_pack(repo, pack, &mut wants, &jobs, progress, &errors) {
                        if let JobError::Repo(RepoError::Storage(_)) = e {
                            if let Ok(mut f) = fatal.lock() {
                                f.get_or_insert(e);
                            }
                            return;
                        }
                        if let Ok(mut errs) = errors.lock() {
                            for (_, file, _) in &wants {
                                errs.push((*file, e.to_string()));
                            }
                        }
                    }
                }
            });
        }
    });
    if let Some(e) = fatal.into_inner().ok().flatten() {
        return Err(e);
    }
    for (i, why) in errors.into_inner().unwrap_or_default() {
        broken.entry(i).or_insert(why);
    }
    progress.finish();

    // Verification (read back, in parallel) and metadata; directories last
    // so their mtimes stick.
    // Biggest files first, each taken by whichever thread is free: a few
    // large `.bak` files must not all land on one thread.
    let mut files: Vec<usize> = (0..jobs.len())
        .filter(|i| jobs[*i].node.kind == NodeKind::File)
        .collect();
    files.sort_unstable_by_key(|i| std::cmp::Reverse(jobs[*i].node.size));
    let (ftx, frx) = unbounded::<usize>();
    for i in files {
        let _ = ftx.send(i);
    }
    drop(ftx);
    let results: Vec<(usize, Result<(), String>)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..req.threads.max(1))
            .map(|_| {
                let (jobs, broken, frx) = (&jobs, &broken, frx.clone());
                s.spawn(move || {
                    frx.iter()
                        .map(|i| {
                            let j = &jobs[i];
                            let r = match broken.get(&i) {
                                Some(why) => Err(why.clone()),
                                None => verify(repo, &j.path, &j.node),
                            };
                            set_metadata(&j.path, &j.node);
                            (i, r)
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    });
    for (i, r) in results {
        let j = &jobs[i];
        match r {
            Ok(()) => {
                out.files += 1;
                out.verified += 1;
                out.bytes += j.node.size;
            }
            Err(why) => out.failed.push((j.node.path.clone(), why)),
        }
    }
    for j in jobs.iter().rev().filter(|j| j.node.kind == NodeKind::Dir) {
        set_metadata(&j.path, &j.node);
    }
    Ok(out)
}

fn write_err(p: &Path, e: std::io::Error) -> JobError {
    JobError::Write {
        path: p.display().to_string(),
        source: e,
    }
}

/// Reads the blobs a pack contributes and writes them into their files.
/// A pack mostly needed is streamed front to back; of a pack barely needed
/// only the wanted ranges are fetched.
fn restore_pack(
    repo: &IndexedRepo,
    pack: &PackInfo,
    wants: &mut [(PackEntry, usize, u64)],
    jobs: &[Job],
    progress: &Progress,
    errors: &std::sync::Mutex<Vec<(usize, String)>>,
) -> Result<(), JobError> {
    // In pack order; copies of one blob end up next to each other.
    wants.sort_unstable_by_key(|w| (w.0.offset, w.1, w.2));
    let needed: u64 = wants.iter().map(|w| w.0.stored_len as u64).sum();
    let mut stream = if needed * 2 >= pack.plain_len {
        Some(repo.pack_stream(pack)?)
    } else {
        None
    };
    let mut last: Option<(Id, Vec<u8>)> = None;
    // Files this pack writes into, opened once per pack.
    let mut open: HashMap<usize, File> = HashMap::new();
    for (entry, file, offset) in wants.iter() {
        let data = match last.take() {
            Some((id, d)) if id == entry.id => Ok(d),
            _ => match stream.as_mut() {
                Some(s) => s.blob(entry),
                None => repo.read_blob(&entry.id),
            },
        };
        let data = match data {
            Ok(d) => d,
            Err(e @ RepoError::Storage(_)) => return Err(e.into()),
            Err(e) => {
                if let Ok(mut errs) = errors.lock() {
                    errs.push((*file, e.to_string()));
                }
                // A stream that failed cannot go on; the rest is fetched by range.
                stream = None;
                continue;
            }
        };
        let path = &jobs[*file].path;
        let f = match open.entry(*file) {
            std::collections::hash_map::Entry::Occupied(o) => o.into_mut(),
            std::collections::hash_map::Entry::Vacant(v) => v.insert(
                OpenOptions::new()
                    .write(true)
                    .open(path)
                    .map_err(|e| write_err(path, e))?,
            ),
        };
        write_at(f, &data, *offset).map_err(|e| write_err(path, e))?;
        progress.add(data.len() as u64);
        last = Some((entry.id, data));
    }
    Ok(())
}

#[cfg(unix)]
fn write_at(f: &File, data: &[u8], offset: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::write_all_at(f, data, offset)
}

#[cfg(windows)]
fn write_at(f: &File, mut data: &[u8], mut offset: u64) -> std::io::Result<()> {
    while !data.is_empty() {
        let n = std::os::windows::fs::FileExt::seek_write(f, data, offset)?;
        data = &data[n..];
        offset += n as u64;
    }
    Ok(())
}

fn make_symlink(target: &str, link: &Path, overwrite: bool) -> std::io::Result<()> {
    if overwrite && fs::symlink_metadata(link).is_ok() {
        fs::remove_file(link)?;
    }
    #[cfg(unix)]
    return std::os::unix::fs::symlink(target, link);
    #[cfg(not(unix))]
    return Err(std::io::Error::other(format!(
        "symbolic link to {target} not restored on this system"
    )));
}

/// Reads the restored file back and proves every piece against its chunk id.
fn verify(repo: &IndexedRepo, path: &Path, node: &Node) -> Result<(), String> {
    let mut f =
        std::io::BufReader::with_capacity(1 << 20, File::open(path).map_err(|e| e.to_string())?);
    let mut buf = Vec::new();
    for id in &node.chunks {
        let len = repo
            .index()
            .get(id)
            .map(|(_, e)| e.raw_len)
            .ok_or("chunk not in the index")?;
        buf.resize(len as usize, 0);
        f.read_exact(&mut buf)
            .map_err(|e| format!("restored file too short: {e}"))?;
        if repo.id_key().id_of(&buf) != *id {
            return Err("restored content differs from the snapshot".into());
        }
    }
    if f.read(&mut [0u8; 1]).map_err(|e| e.to_string())? != 0 {
        return Err("restored file is longer than in the snapshot".into());
    }
    Ok(())
}

fn set_metadata(path: &Path, node: &Node) {
    let t = filetime::FileTime::from_unix_time(
        node.mtime_ns.div_euclid(1_000_000_000),
        node.mtime_ns.rem_euclid(1_000_000_000) as u32,
    );
    #[cfg(unix)]
    if node.mode != 0 {
        use std::os::unix::fs::PermissionsExt;
        let _ = fs::set_permissions(path, fs::Permissions::from_mode(node.mode & 0o7777));
    }
    let _ = filetime::set_file_mtime(path, t);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_that_escape_are_refused() {
        let t = Path::new("/restore");
        assert_eq!(
            safe_join(t, "C/DConcept/x.DAT"),
            Some(PathBuf::from("/restore/C/DConcept/x.DAT"))
        );
        for bad in [
            "../etc/passwd",
            "C/../../x",
            "/abs",
            "C//x",
            "C:/x",
            "a\\..\\b",
            "",
            ".",
        ] {
            assert_eq!(safe_join(t, bad), None, "{bad}");
        }
    }

    fn node(p: &str) -> Node {
        Node {
            path: p.into(),
            kind: NodeKind::File,
            size: 0,
            mtime_ns: 0,
            mode: 0,
            attributes: 0,
            target: None,
            chunks: vec![],
        }
    }

    #[test]
    fn selection_by_folder_prefix_and_glob() {
        let all = vec![
            node("C/DConcept/DEDATA/a.DAT"),
            node("C/DConcept/DETEXT/b.RTF"),
            node("C/x.lic"),
        ];
        let got = select(all.clone(), &["C/DConcept/DEDATA".into()]).unwrap();
        assert_eq!(got.len(), 1);
        let got = select(all.clone(), &["**/*.rtf".into()]).unwrap();
        assert_eq!(got[0].path, "C/DConcept/DETEXT/b.RTF");
        assert!(matches!(
            select(all, &["nope".into()]),
            Err(JobError::NothingSelected { .. })
        ));
    }
}
