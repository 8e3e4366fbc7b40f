//! The restore plan: which snapshot entries go where in the target. It is a
//! pure function of the file list, so it can be fuzzed: no planned path
//! leaves the target, and nothing is planned beneath an entry the plan
//! creates as a file or a symbolic link (a link in the snapshot is created as
//! a link and never traversed).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::repo::tree::{Node, NodeKind};

use super::names::{check_path, NameProblem, NameRules};

/// One entry to restore.
#[derive(Debug, Clone)]
pub struct Planned {
    /// Snapshot path, every component checked (`C/DConcept/x.DAT`).
    pub rel: String,
    /// `target` joined with `rel`.
    pub path: PathBuf,
    pub node: Node,
}

/// An entry that is not restored, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SkipReason {
    #[error("name not possible in the target: {0}")]
    Name(#[from] NameProblem),
    #[error("listed twice in the snapshot; the first entry is restored")]
    Duplicate,
    #[error("lies beneath {0}, which the snapshot holds as a file")]
    BeneathFile(String),
}

#[derive(Debug, Default)]
pub struct Plan {
    /// In the snapshot's order.
    pub entries: Vec<Planned>,
    /// Snapshot path and reason.
    pub skipped: Vec<(String, SkipReason)>,
    /// Symbolic links restored as folders because the snapshot holds entries
    /// beneath them (a source folder given as a link, or a link that later
    /// became a folder): the entries win, the link is not followed.
    pub links_as_folders: Vec<String>,
}

/// Plans `nodes` into `target` under the naming `rules` of the target.
pub fn plan(target: &Path, nodes: Vec<Node>, rules: NameRules) -> Plan {
    let mut out = Plan::default();
    // First entry per path (by the target's notion of "same name").
    let mut first: HashMap<String, usize> = HashMap::new();
    let mut kept: Vec<Node> = Vec::with_capacity(nodes.len());
    for n in nodes {
        if let Err(p) = check_path(&n.path, rules) {
            out.skipped.push((n.path, p.into()));
            continue;
        }
        let key = rules.key(&n.path);
        if first.contains_key(&key) {
            out.skipped.push((n.path, SkipReason::Duplicate));
            continue;
        }
        first.insert(key, kept.len());
        kept.push(n);
    }

    let mut drop = vec![false; kept.len()];
    let mut to_folder = vec![false; kept.len()];
    for (i, n) in kept.iter().enumerate() {
        for (end, _) in n.path.match_indices('/') {
            let Some(&a) = first.get(&rules.key(&n.path[..end])) else {
                continue;
            };
            match kept[a].kind {
                NodeKind::Dir => {}
                NodeKind::Symlink => to_folder[a] = true,
                NodeKind::File => {
                    out.skipped.push((
                        n.path.clone(),
                        SkipReason::BeneathFile(kept[a].path.clone()),
                    ));
                    drop[i] = true;
                    break;
                }
            }
        }
    }
    for (i, mut n) in kept.into_iter().enumerate() {
        if drop[i] {
            continue;
        }
        if to_folder[i] {
            out.links_as_folders.push(n.path.clone());
            n.kind = NodeKind::Dir;
            n.target = None;
            n.mode = 0;
        }
        let mut path = target.to_path_buf();
        path.extend(n.path.split('/'));
        out.entries.push(Planned {
            rel: n.path.clone(),
            path,
            node: n,
        });
    }
    out
}

/// The folders above `rel`, shallowest first (`a/b/c` → `a`, `a/b`).
pub fn parents(rel: &str) -> impl Iterator<Item = &str> {
    rel.match_indices('/').map(move |(end, _)| &rel[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(p: &str, kind: NodeKind) -> Node {
        Node {
            path: p.into(),
            kind,
            size: 0,
            mtime_ns: 0,
            mode: 0o755,
            attributes: 0,
            target: Some("/some/outside".into()),
            chunks: vec![],
            hardlink: None,
        }
    }

    #[test]
    fn a_link_with_entries_beneath_becomes_a_folder() {
        let p = plan(
            Path::new("/t"),
            vec![
                node("C/link", NodeKind::Symlink),
                node("C/link/x.txt", NodeKind::File),
            ],
            NameRules::Unix,
        );
        assert_eq!(p.links_as_folders, vec!["C/link".to_string()]);
        assert_eq!(p.entries[0].node.kind, NodeKind::Dir);
        assert_eq!(p.entries[0].node.target, None);
        assert_eq!(p.entries[1].path, PathBuf::from("/t/C/link/x.txt"));
        // Also when the entry beneath comes first.
        let p = plan(
            Path::new("/t"),
            vec![node("a/b", NodeKind::File), node("a", NodeKind::Symlink)],
            NameRules::Unix,
        );
        assert_eq!(p.entries[1].node.kind, NodeKind::Dir);
    }

    #[test]
    fn entries_beneath_a_file_duplicates_and_bad_names_are_skipped_alone() {
        let p = plan(
            Path::new("/t"),
            vec![
                node("C/f", NodeKind::File),
                node("C/f/x", NodeKind::File),
                node("C/ok", NodeKind::File),
                node("C/ok", NodeKind::Dir),
                node("C/../etc/passwd", NodeKind::File),
                node("C/Befund 12:30.pdf", NodeKind::File),
            ],
            NameRules::Windows,
        );
        let kept: Vec<&str> = p.entries.iter().map(|e| e.rel.as_str()).collect();
        assert_eq!(kept, ["C/f", "C/ok"]);
        let why: Vec<&SkipReason> = p.skipped.iter().map(|(_, r)| r).collect();
        assert_eq!(why.len(), 4);
        assert!(why.contains(&&SkipReason::BeneathFile("C/f".into())));
        assert!(why.contains(&&SkipReason::Duplicate));
        assert!(why.contains(&&SkipReason::Name(NameProblem::Dots)));
        assert!(why.contains(&&SkipReason::Name(NameProblem::WindowsChar(':'))));
    }

    #[test]
    fn windows_names_that_differ_in_case_are_one_file() {
        let p = plan(
            Path::new("/t"),
            vec![
                node("C/A.txt", NodeKind::File),
                node("C/a.TXT", NodeKind::File),
            ],
            NameRules::Windows,
        );
        assert_eq!(p.entries.len(), 1);
        assert_eq!(p.skipped[0].1, SkipReason::Duplicate);
    }

    #[test]
    fn parents_are_listed_shallowest_first() {
        assert_eq!(parents("a/b/c").collect::<Vec<_>>(), ["a", "a/b"]);
        assert_eq!(parents("a").count(), 0);
    }

    /// The planner's safety property over many generated file lists (seeded,
    /// so a failure replays):
    /// every planned path lies lexically inside the target and nothing is
    /// planned beneath an entry the plan creates as a file or a link.
    #[test]
    fn generated_file_lists_never_plan_outside_the_target_or_beneath_a_link() {
        use rand::{Rng, SeedableRng};
        const PARTS: &[&str] = &[
            "a", "b", "..", ".", "", "c:", "a\\..", "\0", "CON", "A", "x ",
        ];
        let mut rng = rand::rngs::StdRng::seed_from_u64(10);
        let target = Path::new("/restore/target");
        for rules in [NameRules::Unix, NameRules::Windows] {
            for _ in 0..3000 {
                let nodes: Vec<Node> = (0..rng.gen_range(1..12))
                    .map(|_| {
                        let depth = rng.gen_range(1..5);
                        let path: Vec<&str> = (0..depth)
                            .map(|_| PARTS[rng.gen_range(0..PARTS.len())])
                            .collect();
                        let kinds = [NodeKind::File, NodeKind::Dir, NodeKind::Symlink];
                        let kind = kinds[rng.gen_range(0..3)].clone();
                        node(&path.join("/"), kind)
                    })
                    .collect();
                let p = plan(target, nodes, rules);
                let made: HashMap<String, NodeKind> = p
                    .entries
                    .iter()
                    .map(|e| (rules.key(&e.rel), e.node.kind.clone()))
                    .collect();
                for e in &p.entries {
                    assert!(e.path.starts_with(target), "{e:?}");
                    let below = e.path.strip_prefix(target).unwrap();
                    assert!(
                        below
                            .components()
                            .all(|c| matches!(c, std::path::Component::Normal(_))),
                        "{e:?}"
                    );
                    for parent in parents(&e.rel) {
                        let k = made.get(&rules.key(parent));
                        assert!(
                            k.is_none() || k == Some(&NodeKind::Dir),
                            "{} beneath {parent} ({k:?})",
                            e.rel
                        );
                    }
                }
            }
        }
    }
}
