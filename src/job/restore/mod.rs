//! Restore: files of a snapshot into a target folder. A restore never
//! creates, changes or follows anything outside the target (`target.rs`),
//! plans around names the target cannot hold and links in the snapshot
//! (`plan.rs`, `names.rs`), writes every file under a temporary name, reads
//! it back and proves it against its chunk ids (`verify.rs`) and only then
//! renames it over its real name. A file that fails is named and the others
//! go on; a killed restore leaves only complete files under real names.

mod fill;
pub mod names;
pub mod plan;
mod problem;
#[cfg(test)]
mod run_tests;
pub mod target;
pub mod typed;
pub mod verify;

use std::collections::{HashMap, HashSet};
use std::fs::{self, OpenOptions};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crossbeam_channel::unbounded;
use globset::{GlobBuilder, GlobSet, GlobSetBuilder};

use crate::repo::tree::{Node, NodeKind};
use crate::repo::{Id, IndexedRepo, Snapshot};
use crate::report::progress::Phase;
use crate::report::Progress;

use super::JobError;
pub use names::NameRules;
pub use plan::{plan, Plan, Planned};
pub use problem::{FileProblem, MediumWarning};
use target::Target;

pub struct RestoreRequest {
    pub target: PathBuf,
    /// Globs or path prefixes inside the snapshot; empty = everything.
    pub include: Vec<String>,
    /// Replace files, links and hard links that exist in the target (the
    /// entry is replaced; what a link points to is never written).
    pub overwrite: bool,
    pub threads: usize,
    /// Restore setuid/setgid bits (off by default).
    pub keep_setid: bool,
}

#[derive(Debug, Default)]
pub struct RestoreOutcome {
    pub files: u64,
    pub dirs: u64,
    /// Symbolic and hard links.
    pub links: u64,
    pub bytes: u64,
    pub verified: u64,
    /// Entries that could not be restored or did not verify (snapshot path,
    /// why); nothing of them is left under their real name.
    pub failed: Vec<(String, FileProblem)>,
    /// Symbolic links restored as folders because the snapshot holds entries
    /// beneath them.
    pub links_as_folders: Vec<String>,
    /// Problems that did not cost a file (a pack that could be read only
    /// blob by blob): the medium deserves a look.
    pub warnings: Vec<MediumWarning>,
}

/// Selects the nodes to restore: a node is chosen when a pattern matches it or
/// one of its parent directories, so `C/DConcept/DEDATA` restores the folder.
/// A plain path matches with its case as given (the CLI first resolves a
/// typed path to the snapshot's own spelling, see [`typed`]); a glob
/// (`**/*.rtf`) matches case-insensitively.
/// The folders above a chosen node come along, so that they get their
/// recorded mode and mtime.
pub fn select(nodes: Vec<Node>, include: &[String]) -> Result<Vec<Node>, JobError> {
    if include.is_empty() {
        return Ok(nodes);
    }
    let set = globs(include)?;
    let matches = |path: &str| {
        let mut p = path;
        loop {
            if set.is_match(p) {
                return true;
            }
            match p.rfind('/') {
                Some(i) => p = &p[..i],
                None => return false,
            }
        }
    };
    let chosen: Vec<bool> = nodes.iter().map(|n| matches(&n.path)).collect();
    if !chosen.contains(&true) {
        return Err(JobError::NothingSelected {
            patterns: include.join(", "),
        });
    }
    let above: HashSet<&str> = nodes
        .iter()
        .zip(&chosen)
        .filter(|(_, c)| **c)
        .flat_map(|(n, _)| plan::parents(&n.path))
        .collect();
    let keep: Vec<bool> = nodes
        .iter()
        .zip(&chosen)
        .map(|(n, c)| *c || (n.kind == NodeKind::Dir && above.contains(n.path.as_str())))
        .collect();
    Ok(nodes
        .into_iter()
        .zip(keep)
        .filter_map(|(n, k)| k.then_some(n))
        .collect())
}

fn globs(patterns: &[String]) -> Result<GlobSet, JobError> {
    let mut b = GlobSetBuilder::new();
    for p in patterns {
        let p = p.replace('\\', "/");
        let p = p.trim_matches('/');
        let g = GlobBuilder::new(p)
            .case_insensitive(typed::is_glob(p))
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

/// Restores `snap` (filtered by `req.include`) into `req.target`.
///
/// Errors: nothing selected, a bad pattern, an unusable target folder, or
/// (without `overwrite`) anything in the target that would be replaced —
/// then nothing was written. Every other problem is per entry, in
/// `RestoreOutcome::failed`.
pub fn run(
    repo: &IndexedRepo,
    snap: &Snapshot,
    req: &RestoreRequest,
    progress: &Progress,
) -> Result<RestoreOutcome, JobError> {
    run_below(repo, snap, req, None, progress)
}

/// [`run`] for the entries at or below the snapshot path `strip`, with it
/// taken off: `req.target` stands for it (`restore --to-original`: `C` →
/// `C:\`). Names in the outcome keep the full snapshot path.
pub fn run_below(
    repo: &IndexedRepo,
    snap: &Snapshot,
    req: &RestoreRequest,
    strip_prefix: Option<&str>,
    progress: &Progress,
) -> Result<RestoreOutcome, JobError> {
    let nodes = strip(select(repo.load_tree(snap)?, &req.include)?, strip_prefix);
    let mut out = restore_nodes(repo, nodes, req, progress)?;
    if let Some(prefix) = strip_prefix {
        let full = |p: &mut String| *p = format!("{prefix}/{p}");
        out.failed.iter_mut().for_each(|(p, _)| full(p));
        out.links_as_folders.iter_mut().for_each(full);
    }
    Ok(out)
}

/// Restores `nodes` (paths relative to `req.target`); `req.include` is
/// not looked at. The errors are [`run`]'s.
fn restore_nodes(
    repo: &IndexedRepo,
    nodes: Vec<Node>,
    req: &RestoreRequest,
    progress: &Progress,
) -> Result<RestoreOutcome, JobError> {
    let Plan {
        entries,
        skipped,
        links_as_folders,
    } = plan(&req.target, nodes, NameRules::native());
    let mut out = RestoreOutcome {
        failed: skipped
            .into_iter()
            .map(|(p, why)| (p, why.into()))
            .collect(),
        links_as_folders,
        ..Default::default()
    };
    if !req.overwrite {
        refuse_conflicts(&req.target, &entries)?;
    }
    let target = Target::open(&req.target, req.overwrite).map_err(JobError::Target)?;
    let failed = Mutex::new(Vec::<(usize, FileProblem)>::new());
    let fail = |i: usize, why: FileProblem| {
        if let Ok(mut f) = failed.lock() {
            f.push((i, why));
        }
    };

    // Folders that were there before the restore keep their mode and mtime
    // unless --overwrite: the restore must not change a live folder (the
    // mtime the new entries give it is put back).
    let kept: HashMap<&Path, Option<filetime::FileTime>> = entries
        .iter()
        .filter(|e| !req.overwrite && e.node.kind == NodeKind::Dir)
        .filter(|e| Target::existing(&e.path).is_some_and(|t| t.is_dir()))
        .map(|e| {
            let mtime = fs::symlink_metadata(&e.path).ok();
            let mtime = mtime.map(|m| filetime::FileTime::from_last_modification_time(&m));
            (e.path.as_path(), mtime)
        })
        .collect();
    // Folders first, then a pre-sized temporary file per file whose data is
    // all known. Hard links after the first of a group are made, not written.
    let mut temps: Vec<Option<PathBuf>> = vec![None; entries.len()];
    let mut leader: HashMap<u64, usize> = HashMap::new();
    let mut followers: Vec<(usize, usize)> = Vec::new();
    // Files whose temporary file is still to be made, with their folder.
    let mut to_make: Vec<(usize, PathBuf)> = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        match e.node.kind {
            NodeKind::Dir => match target.folder(&e.rel) {
                Ok(_) => out.dirs += 1,
                Err(err) => fail(i, err.into()),
            },
            NodeKind::Symlink => {}
            NodeKind::File => {
                if let Some(g) = e.node.hardlink {
                    if let Some(&l) = leader.get(&g) {
                        followers.push((i, l));
                        continue;
                    }
                    leader.insert(g, i);
                }
                if let Some(c) = e.node.chunks.iter().find(|c| !repo.index().contains(c)) {
                    fail(
                        i,
                        FileProblem::DataMissing {
                            chunk: c.to_string(),
                        },
                    );
                    continue;
                }
                match target.folder(parent_rel(&e.rel)) {
                    Ok(dir) => to_make.push((i, dir)),
                    Err(err) => fail(i, err.into()),
                }
            }
        }
    }
    for (i, made) in new_temps(&target, &entries, &to_make, req.threads) {
        match made {
            Ok(t) => temps[i] = Some(t),
            Err(why) => fail(i, why),
        }
    }

    let warnings = Mutex::new(Vec::new());
    fill_all(
        repo,
        &entries,
        &temps,
        req.threads,
        progress,
        &failed,
        &warnings,
    );
    out.warnings = warnings.into_inner().unwrap_or_default();

    let broken: HashMap<usize, FileProblem> = take(&failed).into_iter().rev().collect();
    let done = commit_files(repo, &target, &entries, &temps, &broken, req);
    let mut committed: HashSet<usize> = HashSet::new();
    for (i, r) in done {
        match r {
            Ok(()) => {
                committed.insert(i);
                out.files += 1;
                out.verified += 1;
                out.bytes += entries[i].node.size;
            }
            Err(why) => fail(i, why),
        }
    }
    for (i, why) in broken {
        if temps[i].is_none() {
            fail(i, why);
        }
    }
    for (i, l) in followers {
        let r = if committed.contains(&l) {
            hard_link(&target, &entries[l].path, &entries[i])
        } else {
            Err(FileProblem::HardLinkOrphan {
                first: entries[l].rel.clone(),
            })
        };
        match r {
            Ok(()) => out.links += 1,
            Err(why) => fail(i, why),
        }
    }
    for (i, e) in entries.iter().enumerate() {
        if e.node.kind == NodeKind::Symlink {
            match symlink(&target, e) {
                Ok(()) => out.links += 1,
                Err(why) => fail(i, why),
            }
        }
    }
    // Deepest first, so that a parent's mtime is set after its children.
    let mut dirs: Vec<&Planned> = entries
        .iter()
        .filter(|e| e.node.kind == NodeKind::Dir)
        .collect();
    dirs.sort_by_key(|e| std::cmp::Reverse(e.rel.matches('/').count()));
    let restored: HashSet<&str> = entries
        .iter()
        .map(|e| e.rel.rsplit('/').next().unwrap_or(""))
        .collect();
    for e in dirs {
        target.sweep(&e.path, &restored);
        match kept.get(e.path.as_path()) {
            None => set_folder_metadata(&e.path, &e.node, req.keep_setid),
            Some(Some(mtime)) => {
                let _ = filetime::set_file_mtime(&e.path, *mtime);
            }
            Some(None) => {}
        }
    }
    for (i, why) in take(&failed) {
        out.failed.push((entries[i].rel.clone(), why));
    }
    Ok(out)
}

/// The nodes at or below `prefix`, with it taken off (the node `prefix`
/// itself is the target folder and goes).
fn strip(nodes: Vec<Node>, prefix: Option<&str>) -> Vec<Node> {
    let Some(prefix) = prefix else {
        return nodes;
    };
    nodes
        .into_iter()
        .filter_map(|mut n| {
            let rest = n.path.strip_prefix(prefix)?.strip_prefix('/')?;
            n.path = rest.to_string();
            Some(n)
        })
        .collect()
}

/// Files the restore would replace that are newer (by modification time)
/// than the snapshot's copy: `restore --to-original` refuses to replace them
/// unless forced. Returns their paths on disk; nothing is written.
pub fn newer_in_target(
    repo: &IndexedRepo,
    snap: &Snapshot,
    req: &RestoreRequest,
    strip_prefix: Option<&str>,
) -> Result<Vec<PathBuf>, JobError> {
    let nodes = strip(select(repo.load_tree(snap)?, &req.include)?, strip_prefix);
    let entries = plan(&req.target, nodes, NameRules::native()).entries;
    Ok(entries
        .into_iter()
        .filter(|e| e.node.kind == NodeKind::File)
        .filter(|e| {
            fs::symlink_metadata(&e.path)
                .ok()
                .filter(|m| m.is_file())
                .and_then(|m| m.modified().ok())
                .is_some_and(|t| mtime_ns(t) > e.node.mtime_ns)
        })
        .map(|e| e.path)
        .collect())
}

fn mtime_ns(t: std::time::SystemTime) -> i64 {
    match t.duration_since(std::time::UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_nanos()).unwrap_or(i64::MAX),
        Err(e) => -i64::try_from(e.duration().as_nanos()).unwrap_or(i64::MAX),
    }
}

fn take(m: &Mutex<Vec<(usize, FileProblem)>>) -> Vec<(usize, FileProblem)> {
    m.lock()
        .map(|mut v| std::mem::take(&mut *v))
        .unwrap_or_default()
}

/// Without `--overwrite`, nothing may stand where the restore writes: no
/// file or link under a file's or link's name, nothing but a real folder
/// where a folder goes. Checked before anything is written.
fn refuse_conflicts(root: &Path, entries: &[Planned]) -> Result<(), JobError> {
    let mut seen: HashSet<&str> = HashSet::new();
    let mut conflicts: Vec<String> = Vec::new();
    let folder_ok = |p: &Path| Target::existing(p).is_none_or(|t| t.is_dir());
    for e in entries {
        for parent in plan::parents(&e.rel) {
            if seen.insert(parent) {
                let mut p = root.to_path_buf();
                p.extend(parent.split('/'));
                if !folder_ok(&p) {
                    conflicts.push(p.display().to_string());
                }
            }
        }
        let clash = match e.node.kind {
            NodeKind::Dir => !folder_ok(&e.path),
            _ => Target::existing(&e.path).is_some(),
        };
        if clash {
            conflicts.push(e.path.display().to_string());
        }
    }
    match conflicts.first() {
        None => Ok(()),
        Some(first) => Err(JobError::WouldOverwrite {
            count: conflicts.len(),
            first: first.clone(),
        }),
    }
}

fn parent_rel(rel: &str) -> &str {
    rel.rfind('/').map_or("", |i| &rel[..i])
}

/// Makes the pre-sized temporary files of `to_make` (entry, its folder),
/// spread over `threads`: creating thousands of inodes one by one is a
/// tenth of a small tree's restore time.
fn new_temps(
    target: &Target,
    entries: &[Planned],
    to_make: &[(usize, PathBuf)],
    threads: usize,
) -> Vec<(usize, Result<PathBuf, FileProblem>)> {
    let per = to_make.len().div_ceil(threads.max(1)).max(1);
    std::thread::scope(|s| {
        let handles: Vec<_> = to_make
            .chunks(per)
            .map(|part| {
                s.spawn(move || {
                    part.iter()
                        .map(|(i, dir)| (*i, new_temp(target, dir, entries[*i].node.size)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    })
}

fn new_temp(target: &Target, dir: &Path, size: u64) -> Result<PathBuf, FileProblem> {
    let (f, tmp) = target.temp_file(dir)?;
    if let Err(err) = f.set_len(size) {
        let _ = fs::remove_file(&tmp);
        return Err(FileProblem::TempFile {
            path: tmp.display().to_string(),
            error: Arc::new(err),
        });
    }
    Ok(tmp)
}

fn fill_all(
    repo: &IndexedRepo,
    entries: &[Planned],
    temps: &[Option<PathBuf>],
    threads: usize,
    progress: &Progress,
    failed: &Mutex<Vec<(usize, FileProblem)>>,
    warnings: &Mutex<Vec<MediumWarning>>,
) {
    let per_pack = fill::by_pack(
        repo,
        entries
            .iter()
            .enumerate()
            .filter(|(i, _)| temps[*i].is_some())
            .map(|(i, e)| (i, e.node.chunks.as_slice())),
    );
    let total: u64 = entries
        .iter()
        .enumerate()
        .filter(|(i, _)| temps[*i].is_some())
        .map(|(_, e)| e.node.size)
        .sum();
    progress.start(Phase::Restore, total);
    let (tx, rx) = unbounded::<(Id, Vec<fill::Want>)>();
    for item in per_pack {
        let _ = tx.send(item);
    }
    drop(tx);
    std::thread::scope(|s| {
        for _ in 0..threads.max(1) {
            s.spawn(|| {
                for (pack_id, mut wants) in rx.iter() {
                    match repo.index().pack(&pack_id) {
                        Some(pack) => fill::restore_pack(
                            repo, pack, &mut wants, temps, progress, failed, warnings,
                        ),
                        None => {
                            if let Ok(mut f) = failed.lock() {
                                for (_, file, _) in &wants {
                                    f.push((
                                        *file,
                                        FileProblem::PackNotIndexed {
                                            pack: pack_id.to_string(),
                                        },
                                    ));
                                }
                            }
                        }
                    }
                }
            });
        }
    });
    progress.finish();
}

/// Verifies each temporary file, gives it its metadata and its real name —
/// biggest first, each taken by whichever thread is free (a few large `.bak`
/// files must not all land on one thread). A broken or failing file's
/// temporary file is removed.
fn commit_files(
    repo: &IndexedRepo,
    target: &Target,
    entries: &[Planned],
    temps: &[Option<PathBuf>],
    broken: &HashMap<usize, FileProblem>,
    req: &RestoreRequest,
) -> Vec<(usize, Result<(), FileProblem>)> {
    let mut files: Vec<usize> = (0..entries.len()).filter(|i| temps[*i].is_some()).collect();
    files.sort_unstable_by_key(|i| std::cmp::Reverse(entries[*i].node.size));
    let (tx, rx) = unbounded::<usize>();
    for i in files {
        let _ = tx.send(i);
    }
    drop(tx);
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..req.threads.max(1))
            .map(|_| {
                let rx = rx.clone();
                s.spawn(move || {
                    rx.iter()
                        .filter_map(|i| {
                            let tmp = temps[i].as_ref()?;
                            let r = match broken.get(&i) {
                                Some(why) => Err(why.clone()),
                                None => prove(repo, tmp, &entries[i].node, req.keep_setid),
                            };
                            let r = r.and_then(|()| {
                                target
                                    .commit(tmp, &entries[i].path)
                                    .map_err(FileProblem::from)
                            });
                            if r.is_err() {
                                let _ = fs::remove_file(tmp);
                            }
                            Some((i, r))
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    })
}

fn prove(repo: &IndexedRepo, tmp: &Path, node: &Node, keep_setid: bool) -> Result<(), FileProblem> {
    let mut f = OpenOptions::new()
        .read(true)
        .open(tmp)
        .map_err(|e| FileProblem::ReadBack(Arc::new(e)))?;
    verify::verify(repo, &mut f, node)?;
    verify::set_file_metadata(&f, node, keep_setid).map_err(|e| FileProblem::Metadata(Arc::new(e)))
}

fn hard_link(target: &Target, existing: &Path, e: &Planned) -> Result<(), FileProblem> {
    let dir = target.folder(parent_rel(&e.rel))?;
    let tmp = target::temp_name(&dir);
    fs::hard_link(existing, &tmp).map_err(|err| FileProblem::HardLink(Arc::new(err)))?;
    Ok(target.commit(&tmp, &e.path)?)
}

fn symlink(target: &Target, e: &Planned) -> Result<(), FileProblem> {
    let dir = target.folder(parent_rel(&e.rel))?;
    let tmp = target::temp_name(&dir);
    let to = e.node.target.as_deref().unwrap_or("");
    make_symlink(to, &tmp).map_err(|err| FileProblem::Symlink(Arc::new(err)))?;
    let t = verify::mtime(&e.node);
    let _ = filetime::set_symlink_file_times(&tmp, t, t);
    Ok(target.commit(&tmp, &e.path)?)
}

fn make_symlink(to: &str, link: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    return std::os::unix::fs::symlink(to, link);
    #[cfg(not(unix))]
    {
        let _ = (to, link);
        Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
    }
}

/// Mode and mtime of a folder the restore made (or, with --overwrite,
/// found there).
fn set_folder_metadata(path: &Path, node: &Node, keep_setid: bool) {
    if !Target::existing(path).is_some_and(|t| t.is_dir()) {
        return;
    }
    #[cfg(unix)]
    if let Some(m) = verify::mode_bits(node, keep_setid) {
        use std::os::unix::fs::PermissionsExt;
        let _ = fs::set_permissions(path, fs::Permissions::from_mode(m));
    }
    #[cfg(not(unix))]
    let _ = keep_setid;
    let _ = filetime::set_file_mtime(path, verify::mtime(node));
}

#[cfg(test)]
mod tests {
    use super::*;

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
            hardlink: None,
        }
    }

    fn dir(p: &str) -> Node {
        Node {
            kind: NodeKind::Dir,
            ..node(p)
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
        let mut with_dirs = vec![dir("C"), dir("C/DConcept"), dir("C/Other")];
        with_dirs.extend(all.clone());
        let got = select(with_dirs, &["C/DConcept/DETEXT/b.RTF".into()]).unwrap();
        let paths: Vec<&str> = got.iter().map(|n| n.path.as_str()).collect();
        assert_eq!(paths, ["C", "C/DConcept", "C/DConcept/DETEXT/b.RTF"]);
        let got = select(all.clone(), &["**/*.rtf".into()]).unwrap();
        assert_eq!(got[0].path, "C/DConcept/DETEXT/b.RTF");
        assert!(matches!(
            select(all, &["nope".into()]),
            Err(JobError::NothingSelected { .. })
        ));
    }
}
