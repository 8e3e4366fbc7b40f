//! Include/exclude globs of a [`WalkSpec`](super::WalkSpec): syntax,
//! compilation and matching. Syntax, as documented for `tresor.yaml`:
//!
//! - Matched against the path relative to the root, `/`-separated. A `\` in a
//!   pattern is a separator too (service partners write Windows paths), so
//!   there is no backslash escaping: write `[*]` for a literal `*`.
//! - Case-insensitive: Windows paths are, and practice software mixes case
//!   (`DEDATA`, `Dedata`).
//! - `*`, `?`, `[…]` stay within one path component; `**` crosses components.
//! - A pattern without `/` matches a name at any depth (`*.tmp`, `Temp`), as in
//!   `.gitignore`; one with a `/` is anchored at the root (`DEDATA/*.tmp`); a
//!   leading `/` anchors a single name (`/Temp`).
//! - A trailing `/` matches directories only (`Backup/`).
//! - `X/**` means "everything inside X": as an exclude it keeps the empty
//!   directory X (so restore recreates it) but never descends into it; as an
//!   include it takes X and its whole subtree.
//! - A directory matching an include takes its whole subtree; a directory
//!   matching an exclude is pruned. Excludes win over includes.

use globset::{Candidate, GlobBuilder, GlobSet, GlobSetBuilder};

/// A glob from the configuration that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum PatternError {
    #[error("empty file pattern {pattern:?}")]
    Empty { pattern: String },
    #[error("invalid file pattern {pattern:?}: {source}")]
    Glob {
        pattern: String,
        #[source]
        source: globset::Error,
    },
}

/// One compiled set of globs (either the includes or the excludes).
#[derive(Debug)]
pub struct Patterns {
    /// Patterns that match files, symlinks and directories.
    any: Set,
    /// Patterns written with a trailing `/`.
    dirs_only: Set,
    /// Prefixes `X` of patterns `X/**`: a directory matching one has all its
    /// contents matched.
    contents: Set,
}

#[derive(Debug)]
struct Set {
    globs: GlobSet,
    /// Pattern text as written by the user, by glob index, for messages.
    source: Vec<String>,
}

impl Set {
    fn build(items: Vec<(String, String)>) -> Result<Self, PatternError> {
        let mut builder = GlobSetBuilder::new();
        let mut source = Vec::with_capacity(items.len());
        for (glob, original) in items {
            let compiled = GlobBuilder::new(&glob)
                .case_insensitive(true)
                .literal_separator(true)
                .backslash_escape(false)
                .build()
                .map_err(|e| PatternError::Glob {
                    pattern: original.clone(),
                    source: e,
                })?;
            builder.add(compiled);
            source.push(original);
        }
        let globs = builder.build().map_err(|e| PatternError::Glob {
            pattern: source.join(", "),
            source: e,
        })?;
        Ok(Set { globs, source })
    }

    fn first_match(&self, candidate: &Candidate<'_>) -> Option<&str> {
        if self.source.is_empty() {
            return None;
        }
        let hit = self.globs.matches_candidate(candidate);
        hit.first()
            .and_then(|&i| self.source.get(i))
            .map(String::as_str)
    }
}

impl Patterns {
    /// Compiles user patterns; see the module docs for the syntax.
    pub fn new(patterns: &[String]) -> Result<Self, PatternError> {
        let (mut any, mut dirs_only, mut contents) = (Vec::new(), Vec::new(), Vec::new());
        for original in patterns {
            let mut p = original.trim().replace('\\', "/");
            let dir_only = p.ends_with('/');
            while p.ends_with('/') {
                p.pop();
            }
            let anchored = p.starts_with('/') || p.contains('/');
            let p = p.trim_start_matches('/');
            if p.is_empty() {
                return Err(PatternError::Empty {
                    pattern: original.clone(),
                });
            }
            let glob = if anchored || p.starts_with("**") {
                p.to_string()
            } else {
                format!("**/{p}")
            };
            if let Some(prefix) = glob.strip_suffix("/**") {
                if !prefix.is_empty() && !dir_only {
                    contents.push((prefix.to_string(), original.clone()));
                }
            }
            let target = if dir_only { &mut dirs_only } else { &mut any };
            target.push((glob, original.clone()));
        }
        Ok(Patterns {
            any: Set::build(any)?,
            dirs_only: Set::build(dirs_only)?,
            contents: Set::build(contents)?,
        })
    }

    pub fn is_empty(&self) -> bool {
        self.any.source.is_empty() && self.dirs_only.source.is_empty()
    }

    /// The first pattern that matches this entry itself (`rel` relative to
    /// the root, `/`-separated).
    pub fn matching(&self, rel: &str, is_dir: bool) -> Option<&str> {
        let c = Candidate::new(rel);
        self.any.first_match(&c).or_else(|| {
            if is_dir {
                self.dirs_only.first_match(&c)
            } else {
                None
            }
        })
    }

    /// The first pattern that matches everything inside directory `rel`.
    pub fn matching_contents(&self, rel: &str) -> Option<&str> {
        self.contents.first_match(&Candidate::new(rel))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pats(p: &[&str]) -> Patterns {
        let owned: Vec<String> = p.iter().map(|s| s.to_string()).collect();
        Patterns::new(&owned).expect("valid patterns")
    }

    #[test]
    fn name_patterns_match_at_any_depth_case_insensitively() {
        let p = pats(&["*.tmp"]);
        assert!(p.matching("a.tmp", false).is_some());
        assert!(p.matching("DEDATA/Sub/X.TMP", false).is_some());
        assert!(p.matching("DEDATA/x.tmpx", false).is_none());
    }

    #[test]
    fn anchored_patterns_stay_at_the_root_and_star_stays_in_a_component() {
        let p = pats(&["DEDATA/*.log", "/Temp"]);
        assert!(p.matching("dedata/a.LOG", false).is_some());
        assert!(p.matching("DEDATA/sub/a.log", false).is_none());
        assert!(p.matching("x/DEDATA/a.log", false).is_none());
        assert!(p.matching("temp", true).is_some());
        assert!(p.matching("x/Temp", true).is_none());
    }

    #[test]
    fn trailing_slash_matches_directories_only() {
        let p = pats(&["Backup/"]);
        assert_eq!(p.matching("a/BACKUP", true), Some("Backup/"));
        assert!(p.matching("a/Backup", false).is_none());
    }

    #[test]
    fn double_star_suffix_covers_directory_contents() {
        let p = pats(&["**/Temp/**"]);
        assert!(p.matching("x/temp/a.txt", false).is_some());
        assert!(p.matching("x/Temp", true).is_none());
        assert_eq!(p.matching_contents("x/TEMP"), Some("**/Temp/**"));
        assert!(p.matching_contents("x/Temporary").is_none());
    }

    #[test]
    fn backslashes_are_separators() {
        let p = pats(&["DEDATA\\Archiv\\"]);
        assert!(p.matching("DEDATA/archiv", true).is_some());
    }

    #[test]
    fn bad_and_empty_patterns_are_errors() {
        let bad = Patterns::new(&["[a".to_string()]);
        assert!(matches!(bad, Err(PatternError::Glob { .. })));
        let empty = Patterns::new(&["/".to_string()]);
        assert!(matches!(empty, Err(PatternError::Empty { .. })));
    }

    #[test]
    fn empty_list_matches_nothing() {
        let p = pats(&[]);
        assert!(p.is_empty());
        assert!(p.matching("a", false).is_none());
        assert!(p.matching_contents("a").is_none());
    }
}
