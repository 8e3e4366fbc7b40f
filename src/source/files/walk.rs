//! The walk itself: one root → a deterministic, streaming sequence of
//! [`WalkEvent`]s. Decides per entry, in this order: valid UTF-8 name →
//! database path ([`ExcludeReason::DatabaseFile`]) → exclude glob → kind and
//! metadata → include globs.

use std::collections::VecDeque;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use walkdir::WalkDir;

use super::excluded::{self, ExcludedPaths};
use super::filter::Patterns;
use super::meta::{entry_from, kind_of, problem_from_io};
use super::{
    EntryKind, EntryMeta, ExcludeReason, Problem, ProblemKind, SpecError, WalkEvent, WalkSpec,
};

/// Starts walking `spec`. Fails only for configuration errors (bad glob, bad
/// `snapshot_path`); everything found on disk is reported as events.
///
/// Order: the root first, then each directory's entries sorted by name (byte
/// order), a directory's contents right after it (depth-first, as walkdir
/// sorts). A directory that cannot be listed is an `Entry` followed by a
/// `Problem`. With include globs the root is always emitted, other
/// directories only when they match or hold something included (right
/// before it). Only one directory listing per level is held in memory.
pub fn walk(spec: &WalkSpec) -> Result<Walk, SpecError> {
    check_snapshot_path(&spec.snapshot_path)?;
    Ok(Walk {
        root: spec.root.clone(),
        root_key: excluded::key(&spec.root),
        snapshot_path: spec.snapshot_path.clone(),
        optional: spec.optional,
        include: Patterns::new(&spec.include)?,
        exclude: Patterns::new(&spec.exclude)?,
        excluded: ExcludedPaths::new(&spec.excluded_paths),
        state: State::Start,
        ready: VecDeque::new(),
        pending: Vec::new(),
        included_at: None,
    })
}

/// Iterator returned by [`walk`].
pub struct Walk {
    root: PathBuf,
    root_key: String,
    snapshot_path: String,
    optional: bool,
    include: Patterns,
    exclude: Patterns,
    excluded: ExcludedPaths,
    state: State,
    /// Events decided but not yet handed out (a held-back parent chain plus
    /// the entry that released it).
    ready: VecDeque<WalkEvent>,
    /// With include globs: directories (depth, entry) not emitted yet because
    /// nothing inside them was included so far. Bounded by the tree depth.
    pending: Vec<(usize, EntryMeta)>,
    /// Depth of a directory that matched an include; everything below is in.
    included_at: Option<usize>,
}

enum State {
    Start,
    Tree(walkdir::IntoIter),
    Done,
}

impl Iterator for Walk {
    type Item = WalkEvent;

    fn next(&mut self) -> Option<WalkEvent> {
        loop {
            if let Some(ev) = self.ready.pop_front() {
                return Some(ev);
            }
            let item = match &mut self.state {
                State::Start => {
                    self.start();
                    continue;
                }
                State::Tree(it) => it.next(),
                State::Done => return None,
            };
            let Some(item) = item else {
                self.state = State::Done;
                continue;
            };
            let prune = match item {
                Ok(dent) => self.on_entry(&dent),
                Err(err) => {
                    self.on_error(&err);
                    false
                }
            };
            if prune {
                if let State::Tree(it) = &mut self.state {
                    // Valid only right after a directory was yielded; on_entry
                    // asks for it only then.
                    it.skip_current_dir();
                }
            }
        }
    }
}

impl Walk {
    fn start(&mut self) {
        self.state = State::Done;
        let md = match fs::metadata(&self.root) {
            Ok(md) => md,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                self.ready.push_back(WalkEvent::Problem(Problem {
                    path: self.snapshot_path.clone(),
                    abs: self.root.clone(),
                    kind: ProblemKind::RootMissing {
                        optional: self.optional,
                    },
                    message: e.to_string(),
                }));
                return;
            }
            Err(e) => {
                let p = problem_from_io(self.snapshot_path.clone(), self.root.clone(), &e);
                self.ready.push_back(WalkEvent::Problem(p));
                return;
            }
        };
        if md.is_dir() {
            let it = WalkDir::new(&self.root)
                .follow_links(false)
                .sort_by(|a, b| a.file_name().cmp(b.file_name()))
                .into_iter();
            self.state = State::Tree(it);
            return;
        }
        // A single file: globs are relative to a directory root and do not
        // apply; database paths still do.
        let (path, abs) = (self.snapshot_path.clone(), self.root.clone());
        let ev = if self.excluded.contains(&self.root) {
            excluded(path, abs, ExcludeReason::DatabaseFile)
        } else if md.is_file() {
            WalkEvent::Entry(entry_from(path, abs, EntryKind::File, &md))
        } else {
            excluded(path, abs, ExcludeReason::SpecialFile)
        };
        self.ready.push_back(ev);
    }

    /// Handles one listed entry; returns true to skip a directory's contents.
    fn on_entry(&mut self, dent: &walkdir::DirEntry) -> bool {
        let depth = dent.depth();
        // Moving on to `depth` closes every held-back directory at or below it.
        while self.pending.last().is_some_and(|(d, _)| *d >= depth) {
            self.pending.pop();
        }
        if self.included_at.is_some_and(|d| depth <= d) {
            self.included_at = None;
        }
        let ft = dent.file_type();
        // A root named as a link to a folder is walked through (the user
        // named it): record the folder, not a link with entries beneath it,
        // which a restore would have to follow.
        let root_link_dir =
            depth == 0 && ft.is_symlink() && fs::metadata(dent.path()).is_ok_and(|m| m.is_dir());
        let is_dir = ft.is_dir() || root_link_dir;
        let abs = dent.path().to_path_buf();

        let rel = match relative_utf8(&self.root, &abs) {
            Ok(rel) => rel,
            Err(lossy) => {
                self.ready.push_back(WalkEvent::Problem(Problem {
                    path: join(&self.snapshot_path, &lossy),
                    abs,
                    kind: ProblemKind::NameNotUtf8,
                    message: "name is not valid UTF-8; skipped (rename it to back it up)".into(),
                }));
                return is_dir;
            }
        };
        let path = join(&self.snapshot_path, &rel);

        let is_db = if depth == 0 {
            self.excluded.contains(&self.root)
        } else {
            self.excluded.contains_below(&self.root_key, &rel)
        };
        if is_db {
            self.ready
                .push_back(excluded(path, abs, ExcludeReason::DatabaseFile));
            return is_dir;
        }
        if depth > 0 {
            if let Some(pattern) = self.exclude.matching(&rel, is_dir) {
                if is_dir {
                    let reason = ExcludeReason::Pattern {
                        pattern: pattern.to_string(),
                    };
                    self.ready.push_back(excluded(path, abs, reason));
                }
                return is_dir;
            }
        }

        let kind = if is_dir {
            EntryKind::Dir
        } else if ft.is_file() {
            EntryKind::File
        } else if ft.is_symlink() {
            match fs::read_link(&abs) {
                Ok(t) => match t.into_os_string().into_string() {
                    Ok(target) => EntryKind::Symlink { target },
                    Err(t) => {
                        let message = format!(
                            "symlink target {:?} is not valid UTF-8; skipped",
                            t.to_string_lossy()
                        );
                        self.problem(path, abs, ProblemKind::LinkTargetNotUtf8, message);
                        return false;
                    }
                },
                Err(e) => {
                    self.ready
                        .push_back(WalkEvent::Problem(problem_from_io(path, abs, &e)));
                    return false;
                }
            }
        } else {
            self.ready
                .push_back(excluded(path, abs, ExcludeReason::SpecialFile));
            return false;
        };
        let md = if root_link_dir {
            match fs::metadata(dent.path()) {
                Ok(md) => md,
                Err(e) => {
                    let p = problem_from_io(path, abs, &e);
                    self.ready.push_back(WalkEvent::Problem(p));
                    return true;
                }
            }
        } else {
            match dent.metadata() {
                Ok(md) => md,
                Err(e) => {
                    // A directory we cannot stat is not walked either: one problem,
                    // not one per child.
                    self.on_error(&e);
                    return is_dir;
                }
            }
        };
        let prune_contents = is_dir && depth > 0 && self.exclude.matching_contents(&rel).is_some();
        let entry = entry_from(path, abs, kind, &md);

        if depth == 0 || self.include.is_empty() || self.included_at.is_some() {
            self.ready.push_back(WalkEvent::Entry(entry));
            return prune_contents;
        }
        let matched = self.include.matching(&rel, is_dir).is_some()
            || (is_dir && self.include.matching_contents(&rel).is_some());
        if matched {
            // Parents come first so that restore recreates them.
            for (_, parent) in self.pending.drain(..) {
                self.ready.push_back(WalkEvent::Entry(parent));
            }
            self.ready.push_back(WalkEvent::Entry(entry));
            if is_dir {
                self.included_at = Some(depth);
            }
        } else if is_dir {
            self.pending.push((depth, entry));
        }
        prune_contents
    }

    fn on_error(&mut self, err: &walkdir::Error) {
        let abs = err.path().unwrap_or(&self.root).to_path_buf();
        let rel = match relative_utf8(&self.root, &abs) {
            Ok(rel) | Err(rel) => rel,
        };
        let path = join(&self.snapshot_path, &rel);
        let (kind, message) = match err.io_error() {
            Some(e) => (kind_of(e), e.to_string()),
            None => (ProblemKind::Other, err.to_string()),
        };
        self.problem(path, abs, kind, message);
    }

    fn problem(&mut self, path: String, abs: PathBuf, kind: ProblemKind, message: String) {
        self.ready.push_back(WalkEvent::Problem(Problem {
            path,
            abs,
            kind,
            message,
        }));
    }
}

fn excluded(path: String, abs: PathBuf, reason: ExcludeReason) -> WalkEvent {
    WalkEvent::Excluded { path, abs, reason }
}

/// `abs` relative to `root`, `/`-separated; `Err` carries the lossy form when
/// a component is not valid UTF-8.
fn relative_utf8(root: &Path, abs: &Path) -> Result<String, String> {
    let rel = abs.strip_prefix(root).unwrap_or(abs);
    let mut out = String::new();
    let mut lossy = false;
    for c in rel.components() {
        let Component::Normal(name) = c else { continue };
        if !out.is_empty() {
            out.push('/');
        }
        match name.to_str() {
            Some(s) => out.push_str(s),
            None => {
                lossy = true;
                out.push_str(&name.to_string_lossy());
            }
        }
    }
    if lossy {
        Err(out)
    } else {
        Ok(out)
    }
}

fn join(base: &str, rel: &str) -> String {
    match (base.is_empty(), rel.is_empty()) {
        (_, true) => base.to_string(),
        (true, false) => rel.to_string(),
        (false, false) => format!("{base}/{rel}"),
    }
}

fn check_snapshot_path(p: &str) -> Result<(), SpecError> {
    let bad = |reason| {
        Err(SpecError::SnapshotPath {
            path: p.to_string(),
            reason,
        })
    };
    if p.is_empty() {
        return bad("is empty; every source needs its own place in the snapshot");
    }
    if p.contains('\\') {
        return bad("must use '/' as separator");
    }
    if p.split('/').any(|c| c.is_empty() || c == "." || c == "..") {
        return bad("must be relative, without empty, '.' or '..' parts");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walk_can_move_to_a_reader_thread() {
        fn assert_send<T: Send>() {}
        assert_send::<Walk>();
    }

    #[test]
    fn snapshot_paths_are_checked() {
        assert!(check_snapshot_path("C/DConcept/DEDATA").is_ok());
        for bad in ["", "/C", "C/", "C//D", "C/../D", r"C\D"] {
            assert!(check_snapshot_path(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn join_handles_the_root_itself() {
        assert_eq!(join("C/x", ""), "C/x");
        assert_eq!(join("C/x", "a/b"), "C/x/a/b");
    }

    #[cfg(unix)]
    #[test]
    fn relative_paths_are_slash_separated_and_reject_non_utf8() {
        use std::ffi::OsStr;
        use std::os::unix::ffi::OsStrExt;
        let root = Path::new("/r");
        assert_eq!(relative_utf8(root, Path::new("/r/a/b")), Ok("a/b".into()));
        // A backslash is part of a unix name, not a separator.
        assert_eq!(relative_utf8(root, Path::new("/r/a\\b")), Ok("a\\b".into()));
        let bad = root.join(OsStr::from_bytes(b"x\xff"));
        assert_eq!(relative_utf8(root, &bad), Err("x\u{fffd}".into()));
    }
}
