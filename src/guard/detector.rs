//! The detector: fed by the backup while it reads (a file taken over
//! unchanged, a file read with its first bytes), it judges the night at the
//! end against the job's recent nights. Everything it looks at the backup
//! has in hand anyway: the first chunk's bytes, the parent snapshot's file
//! list, and the previous version's compression ratio from the index.

use std::collections::{BTreeMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::config::guard::GuardSettings;
use crate::source::files::filter::Patterns;

use super::entropy;
use super::notes;
use super::signature::{self, Check};

/// A previous version whose stored chunks compressed to at most this share
/// of their size counts as compressible (zstd gets text and records to
/// 0.2–0.5; a JPEG or an encrypted file stays at 1.0).
pub const COMPRESSIBLE_RATIO: f64 = 0.9;
/// Paths kept as examples per signal.
const EXAMPLES: usize = 5;
/// Nights of the job needed before the changed share is judged.
pub const BASELINE_NIGHTS: usize = 3;

/// One signal that crossed its threshold.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "signal", rename_all = "snake_case")]
pub enum Signal {
    /// Files whose new content looks encrypted.
    SuspiciousFiles { count: u64, threshold: u64 },
    /// Files renamed to one new extension.
    Renamed {
        count: u64,
        extension: String,
        threshold: u64,
    },
    /// Files named like ransom notes.
    RansomNotes { count: u64, threshold: u64 },
    /// An unusual share of the previous snapshot's files changed or deleted.
    ChangedShare {
        /// Tonight, percent.
        percent: f64,
        /// The median share of the job's recent nights, percent.
        baseline_percent: f64,
    },
}

impl Signal {
    /// Stable code for JSON, mail and status.
    pub fn code(&self) -> &'static str {
        match self {
            Signal::SuspiciousFiles { .. } => "suspicious_files",
            Signal::Renamed { .. } => "renamed_files",
            Signal::RansomNotes { .. } => "ransom_notes",
            Signal::ChangedShare { .. } => "changed_share",
        }
    }
}

/// What the guard saw in one backup run: stored in the snapshot (so the
/// next nights have a baseline) and in the journal.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct GuardReport {
    /// An alarm: at least one signal crossed its threshold.
    pub alarm: bool,
    /// False on a job's first snapshot in a repository: nothing to compare with.
    pub judged: bool,
    /// Files in the parent snapshot (0 without one).
    pub parent_files: u64,
    /// Files of the parent read again because they changed.
    pub modified: u64,
    /// Files new tonight.
    pub added: u64,
    /// Files of the parent gone tonight.
    pub deleted: u64,
    /// New files whose content was stored already (moved or copied):
    /// deletions they balance do not count as changes.
    #[serde(default)]
    pub moved: u64,
    /// (modified + deleted) / parent_files, percent.
    pub changed_percent: f64,
    /// The median changed share of the job's recent nights, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline_percent: Option<f64>,
    /// Files whose content turned random where the previous version (or the
    /// type) compressed.
    pub turned_random: u64,
    /// Files of a known type without its signature.
    pub lost_signature: u64,
    /// Files with either sign (each file counted once): what
    /// `suspicious_files` is compared with.
    #[serde(default)]
    pub suspicious: u64,
    /// Files renamed to the most common new extension, and that extension.
    pub renamed: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renamed_extension: Option<String>,
    /// Files named like ransom notes.
    pub ransom_notes: u64,
    /// The signals that crossed their thresholds.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub signals: Vec<Signal>,
    /// Up to five paths (snapshot form) of suspicious files, in walk order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub examples: Vec<String>,
    /// The folder of the first suspicious file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_folder: Option<String>,
}

/// A file of the parent snapshot that is not there tonight.
pub struct Vanished {
    /// Stored/raw bytes of its first chunks, when the index knows them.
    pub ratio: Option<f64>,
}

/// What the backup measured over a whole file while reading it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Sampled {
    /// 4 KiB blocks judged (at most [`BLOCKS_PER_FILE`], spread over the file).
    pub blocks: u32,
    /// Of those, the ones that look random.
    pub random_blocks: u32,
    /// Every chunk was stored already: the content is not new.
    pub duplicate: bool,
}

/// Blocks of 4 KiB judged per file, spread evenly over its length.
pub const BLOCKS_PER_FILE: u64 = 32;
/// The block size judged.
pub const BLOCK_LEN: usize = 4096;

/// The byte offsets of the blocks to judge in a file of `size` bytes.
pub fn block_stride(size: u64) -> u64 {
    let b = BLOCK_LEN as u64;
    (size / BLOCKS_PER_FILE).div_ceil(b).max(1) * b
}

/// A file new tonight, kept until the end to recognise renames.
struct Added {
    path: String,
    random: Option<bool>,
    /// Already counted as suspicious when read.
    counted: bool,
}

/// Collects while the backup reads; [`Detector::finish`] judges.
pub struct Detector {
    settings: GuardSettings,
    ignore: Option<Patterns>,
    /// The parent's file count; 0 = first snapshot, nothing is judged but notes.
    parent_files: u64,
    /// Extensions the parent snapshot has, lower case.
    parent_extensions: HashSet<String>,
    /// …and as spelled there (`RTF`), to find a replaced extension's file.
    parent_spellings: HashSet<String>,
    baseline: Option<f64>,
    modified: u64,
    added: Vec<Added>,
    added_count: u64,
    turned_random: u64,
    lost_signature: u64,
    suspicious: u64,
    notes: u64,
    /// New files whose content was stored already (moved or copied).
    moved_in: u64,
    examples: Vec<String>,
}

impl Detector {
    /// `parent_paths`: the file paths of the parent snapshot (empty on the
    /// first run); `recent_percents`: the changed shares of the job's recent
    /// nights (newest first), from their snapshots.
    pub fn new<'a>(
        settings: &GuardSettings,
        parent_paths: impl Iterator<Item = &'a str>,
        recent_percents: &[f64],
    ) -> Detector {
        let ignore = Patterns::new(&settings.ignore_patterns())
            .ok()
            .filter(|p| !p.is_empty());
        let mut parent_files = 0;
        let mut parent_extensions = HashSet::new();
        let mut parent_spellings = HashSet::new();
        for p in parent_paths {
            parent_files += 1;
            if let Some(e) = signature::extension_of(p) {
                let spelled = &p[p.len() - e.len()..];
                if !parent_spellings.contains(spelled) {
                    parent_spellings.insert(spelled.to_string());
                }
                if !parent_extensions.contains(&e) {
                    parent_extensions.insert(e);
                }
            }
        }
        // The median: one busy night (or the first night of a slow wipe)
        // must not raise the bar for the next ten.
        let baseline = (recent_percents.len() >= BASELINE_NIGHTS).then(|| {
            let mut v = recent_percents.to_vec();
            v.sort_by(f64::total_cmp);
            v[v.len() / 2]
        });
        Detector {
            settings: settings.clone(),
            ignore,
            parent_files,
            parent_extensions,
            parent_spellings,
            baseline,
            modified: 0,
            added: Vec::new(),
            added_count: 0,
            turned_random: 0,
            lost_signature: 0,
            suspicious: 0,
            notes: 0,
            moved_in: 0,
            examples: Vec::new(),
        }
    }

    fn ignored(&self, path: &str) -> bool {
        self.ignore
            .as_ref()
            .is_some_and(|p| p.matching(path, false).is_some())
    }

    fn example(&mut self, path: &str) {
        // A name is the attacker's text: no line breaks or escapes reach a
        // terminal or a mail ("→ Fehlalarm, guard release ausführen").
        let shown: String = path
            .chars()
            .flat_map(|c| {
                if c.is_control() {
                    c.escape_default().collect::<Vec<_>>()
                } else {
                    vec![c]
                }
            })
            .collect();
        if self.examples.len() < EXAMPLES && !self.examples.contains(&shown) {
            self.examples.push(shown);
        }
    }

    /// A file read tonight: `start` is up to [`entropy::SAMPLE_LEN`] of its
    /// first bytes; `previous_ratio` is `Some` when the parent had the file
    /// (`Some(None)`: had it, ratio unknown), `None` for a new file.
    pub fn read(&mut self, path: &str, start: &[u8], previous_ratio: Option<Option<f64>>) {
        self.read_sampled(path, start, previous_ratio, &Sampled::default());
    }

    /// [`Detector::read`] with what the backup saw across the whole file:
    /// 4 KiB blocks sampled over its length (partial, "intermittent"
    /// encryption leaves the start alone), and whether every chunk was
    /// already stored (a moved or copied file, not new content).
    pub fn read_sampled(
        &mut self,
        path: &str,
        start: &[u8],
        previous_ratio: Option<Option<f64>>,
        sampled: &Sampled,
    ) {
        if self.ignored(path) {
            return;
        }
        if previous_ratio.is_none() && sampled.duplicate {
            self.moved_in += 1;
        }
        let ext = signature::extension_of(path);
        let random = entropy::looks_random(start);
        let is_new = previous_ratio.is_none();
        if is_new {
            self.added_count += 1;
            let name = path.rsplit('/').next().unwrap_or(path);
            if notes::is_ransom_note(name) {
                self.notes += 1;
                self.example(path);
            }
            if self.parent_files == 0 {
                // The first snapshot: every file is "new"; nothing to compare.
                return;
            }
            self.added.push(Added {
                path: path.to_string(),
                random,
                counted: false,
            });
        } else {
            self.modified += 1;
        }
        let mut suspicious = false;
        let compressed_before = matches!(previous_ratio, Some(Some(r)) if r <= COMPRESSIBLE_RATIO);
        let text_type = ext.as_deref().is_some_and(signature::expects_compressible);
        if compressed_before || text_type {
            // How much of the file may be random, judging by how the
            // previous version compressed (text compresses to about 0.3).
            let ratio = match previous_ratio {
                Some(Some(r)) => r,
                _ => 0.3,
            };
            let expected = ((ratio - 0.3) / 0.7).clamp(0.0, 1.0);
            let partly = sampled.blocks >= 2 && {
                let share = f64::from(sampled.random_blocks) / f64::from(sampled.blocks);
                share >= (expected + 0.25).max(0.25)
            };
            if random == Some(true) || partly {
                self.turned_random += 1;
                suspicious = true;
            }
        }
        if let Some(e) = &ext {
            if signature::check(e, start) == Check::Missing {
                self.lost_signature += 1;
                suspicious = true;
            }
        }
        if suspicious {
            self.suspicious += 1;
            self.example(path);
            if let (true, Some(a)) = (is_new, self.added.last_mut()) {
                a.counted = true;
            }
        }
    }

    /// Judges the night. `vanished(path)` says whether the parent had a
    /// file at `path` that is gone tonight (and its ratio); `deleted` is the
    /// number of such files.
    pub fn finish(
        mut self,
        deleted: u64,
        vanished: &dyn Fn(&str) -> Option<Vanished>,
    ) -> GuardReport {
        let s = &self.settings;
        let judged = self.parent_files > 0;
        // Renames: `X` gone and `X.ext` new (appended), or `X.old` gone and
        // `X.ext` new with an extension the parent never had (replaced).
        let mut renamed: BTreeMap<String, u64> = BTreeMap::new();
        let mut rename_examples: Vec<String> = Vec::new();
        let mut extra_random = 0;
        if judged && deleted > 0 {
            for a in &self.added {
                let Some(ext) = signature::extension_of(&a.path) else {
                    continue;
                };
                let base = &a.path[..a.path.len() - ext.len() - 1];
                let from = vanished(base).or_else(|| {
                    if self.parent_extensions.contains(&ext) {
                        return None;
                    }
                    // Same folder and stem, another extension.
                    let (dir, stem) = match base.rsplit_once('/') {
                        Some((d, n)) => (Some(d), n),
                        None => (None, base),
                    };
                    self.parent_spellings.iter().find_map(|old| {
                        let p = match dir {
                            Some(d) => format!("{d}/{stem}.{old}"),
                            None => format!("{stem}.{old}"),
                        };
                        vanished(&p)
                    })
                });
                let Some(v) = from else { continue };
                *renamed.entry(ext).or_default() += 1;
                if rename_examples.len() < EXAMPLES {
                    rename_examples.push(a.path.clone());
                }
                // An encrypted rename was read as a new file: its content
                // is judged against the version it replaced.
                if a.random == Some(true)
                    && v.ratio.is_some_and(|r| r <= COMPRESSIBLE_RATIO)
                    && !a.counted
                {
                    extra_random += 1;
                }
            }
        }
        let (renamed_extension, renamed_count) = renamed
            .into_iter()
            .max_by_key(|(_, n)| *n)
            .map(|(e, n)| (Some(e), n))
            .unwrap_or((None, 0));
        self.turned_random += extra_random;
        let suspicious = self.suspicious + extra_random;
        // A folder moved: its files vanished here and reappeared there with
        // content already stored. Not a deletion.
        let changed = self.modified + deleted.saturating_sub(self.moved_in);
        let changed_percent = if judged {
            100.0 * changed as f64 / self.parent_files as f64
        } else {
            0.0
        };

        let mut signals = Vec::new();
        if judged && suspicious >= s.suspicious_files {
            signals.push(Signal::SuspiciousFiles {
                count: suspicious,
                threshold: s.suspicious_files,
            });
        }
        if let Some(ext) = &renamed_extension {
            if renamed_count >= s.renamed_files {
                signals.push(Signal::Renamed {
                    count: renamed_count,
                    extension: ext.clone(),
                    threshold: s.renamed_files,
                });
            }
        }
        if self.notes >= s.ransom_notes {
            signals.push(Signal::RansomNotes {
                count: self.notes,
                threshold: s.ransom_notes,
            });
        }
        if let (true, Some(base)) = (judged, self.baseline) {
            if changed_percent >= s.changed_percent as f64
                && changed_percent >= base * s.changed_factor as f64
            {
                signals.push(Signal::ChangedShare {
                    percent: changed_percent,
                    baseline_percent: base,
                });
            }
        }
        let mut examples = self.examples;
        for e in rename_examples {
            if examples.len() < EXAMPLES && !examples.contains(&e) {
                examples.push(e);
            }
        }
        let first_folder = examples
            .first()
            .and_then(|p| p.rsplit_once('/').map(|(d, _)| d.to_string()));
        GuardReport {
            alarm: !signals.is_empty(),
            judged,
            parent_files: self.parent_files,
            modified: self.modified,
            added: self.added_count,
            deleted,
            moved: self.moved_in,
            changed_percent,
            baseline_percent: self.baseline,
            turned_random: self.turned_random,
            lost_signature: self.lost_signature,
            suspicious,
            renamed: renamed_count,
            renamed_extension,
            ransom_notes: self.notes,
            signals,
            examples,
            first_folder,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{RngCore, SeedableRng};

    fn random(n: usize, seed: u64) -> Vec<u8> {
        let mut b = vec![0u8; n];
        rand::rngs::StdRng::seed_from_u64(seed).fill_bytes(&mut b);
        b
    }

    fn text() -> Vec<u8> {
        "{\\rtf1\\ansi Befund Hypertonie Kontrolle in drei Monaten. "
            .repeat(200)
            .into_bytes()
    }

    fn parent(n: usize) -> Vec<String> {
        (0..n)
            .map(|i| format!("C/DConcept/DETEXT/B{i:05}.RTF"))
            .collect()
    }

    fn detector(parent: &[String], recent: &[f64]) -> Detector {
        Detector::new(
            &GuardSettings::default(),
            parent.iter().map(String::as_str),
            recent,
        )
    }

    #[test]
    fn a_normal_night_raises_nothing() {
        let p = parent(200);
        let mut d = detector(&p, &[3.0, 4.0, 2.5]);
        for path in p.iter().take(6) {
            d.read(path, &text(), Some(Some(0.3)));
        }
        for i in 0..20 {
            d.read(&format!("C/DConcept/DETEXT/N{i}.RTF"), &text(), None);
        }
        let mut jpg = vec![0xFF, 0xD8, 0xFF, 0xE0];
        jpg.extend(random(20_000, 1));
        for i in 0..15 {
            d.read(&format!("C/WINACS/Foto/IMG{i}.JPG"), &jpg, None);
        }
        let r = d.finish(0, &|_| None);
        assert!(!r.alarm, "{r:?}");
        assert!(r.judged);
        assert_eq!((r.modified, r.added, r.deleted), (6, 35, 0));
        assert_eq!(r.changed_percent, 3.0);
    }

    #[test]
    fn in_place_encryption_is_seen_by_content() {
        let p = parent(200);
        let mut d = detector(&p, &[]);
        for (i, path) in p.iter().take(12).enumerate() {
            d.read(path, &random(16_384, i as u64), Some(Some(0.3)));
        }
        let r = d.finish(0, &|_| None);
        assert!(r.alarm);
        // Both the randomness and the missing `{\rtf` are seen; 12 files count once.
        assert_eq!(
            (r.turned_random, r.lost_signature, r.suspicious),
            (12, 12, 12)
        );
        assert_eq!(r.signals[0].code(), "suspicious_files");
        assert_eq!(r.examples.len(), 5);
        assert_eq!(r.first_folder.as_deref(), Some("C/DConcept/DETEXT"));
        // No baseline yet: the changed share is not judged.
        assert!(r.signals.iter().all(|s| s.code() != "changed_share"));
    }

    #[test]
    fn renames_to_one_extension_with_notes() {
        let p = parent(100);
        let gone: HashSet<String> = p.iter().take(30).cloned().collect();
        let mut d = detector(&p, &[1.0, 1.0, 1.0]);
        for (i, old) in p.iter().take(30).enumerate() {
            d.read(&format!("{old}.lockbit"), &random(8000, i as u64), None);
        }
        d.read("C/DConcept/Restore-My-Files.txt", b"pay", None);
        d.read("C/DConcept/DETEXT/Restore-My-Files.txt", b"pay", None);
        let r = d.finish(30, &|path| {
            gone.contains(path)
                .then_some(Vanished { ratio: Some(0.35) })
        });
        assert!(r.alarm);
        let codes: Vec<&str> = r.signals.iter().map(Signal::code).collect();
        assert_eq!(codes, ["suspicious_files", "renamed_files", "ransom_notes"]);
        assert_eq!(r.renamed, 30);
        assert_eq!(r.renamed_extension.as_deref(), Some("lockbit"));
        assert_eq!(r.turned_random, 30);
        assert_eq!(r.ransom_notes, 2);
    }

    #[test]
    fn replaced_extensions_count_as_renames() {
        let p = parent(50);
        let gone: HashSet<String> = p.iter().take(12).cloned().collect();
        let mut d = detector(&p, &[]);
        for old in p.iter().take(12) {
            let stem = old.trim_end_matches(".RTF");
            d.read(&format!("{stem}.crypted"), b"short", None);
        }
        let r = d.finish(12, &|path| {
            gone.contains(path).then_some(Vanished { ratio: None })
        });
        assert_eq!(r.renamed, 12);
        assert!(r.signals.iter().any(|s| s.code() == "renamed_files"));
    }

    #[test]
    fn changed_share_needs_a_baseline_and_a_jump() {
        let p = parent(100);
        let mut d = detector(&p, &[20.0, 22.0, 25.0]);
        for path in p.iter().take(60) {
            d.read(path, &text(), Some(Some(0.3)));
        }
        // 60 % changed, but the job's nights reach 25 %: not three times.
        assert!(!d.finish(0, &|_| None).alarm);
        let mut d = detector(&p, &[5.0, 4.0, 6.0]);
        for path in p.iter().take(60) {
            d.read(path, &text(), Some(Some(0.3)));
        }
        let r = d.finish(0, &|_| None);
        assert_eq!(
            r.signals,
            [Signal::ChangedShare {
                percent: 60.0,
                baseline_percent: 5.0
            }]
        );
    }

    #[test]
    fn the_first_snapshot_judges_only_notes_and_the_whitelist_is_ignored() {
        let mut d = detector(&[], &[]);
        for i in 0..50 {
            d.read(&format!("C/x/{i}.pdf"), &random(4096, i), None);
        }
        let r = d.finish(0, &|_| None);
        assert!(!r.alarm && !r.judged);
        let settings = GuardSettings {
            ignore: vec![r"C:\Archiv\**".into()],
            ..GuardSettings::default()
        };
        let p = parent(10);
        let mut d = Detector::new(&settings, p.iter().map(String::as_str), &[]);
        for i in 0..20 {
            d.read(
                &format!("C/Archiv/{i}.pdf"),
                &random(4096, i),
                Some(Some(0.2)),
            );
        }
        let r = d.finish(0, &|_| None);
        assert!(!r.alarm);
        assert_eq!(r.modified, 0);
    }

    #[test]
    fn partial_encryption_and_moved_folders() {
        let p = parent(100);
        let mut d = detector(&p, &[2.0, 3.0, 2.0]);
        // Every other 4 KiB block encrypted, the start left alone.
        let sampled = Sampled {
            blocks: 10,
            random_blocks: 5,
            duplicate: false,
        };
        for path in p.iter().take(12) {
            d.read_sampled(path, &text(), Some(Some(0.3)), &sampled);
        }
        // A page file that always had some random pages stays calm.
        let bak = Sampled {
            blocks: 32,
            random_blocks: 3,
            duplicate: false,
        };
        d.read_sampled("C/SQL/DB.bak", &text(), Some(Some(0.4)), &bak);
        let r = d.finish(0, &|_| None);
        assert_eq!(r.turned_random, 12, "{r:?}");
        assert!(r.alarm);

        // 60 of 100 files moved to another folder: deleted there, stored
        // already here. No change in content, no alarm.
        let mut d = detector(&p, &[2.0, 3.0, 2.0]);
        let moved = Sampled {
            duplicate: true,
            ..Sampled::default()
        };
        for i in 0..60 {
            d.read_sampled(&format!("C/Archiv/B{i:05}.RTF"), &text(), None, &moved);
        }
        let r = d.finish(60, &|_| None);
        assert!(!r.alarm, "{r:?}");
        assert_eq!((r.deleted, r.moved, r.changed_percent), (60, 60, 0.0));
    }

    #[test]
    fn blocks_are_spread_over_the_file() {
        assert_eq!(block_stride(0), 4096);
        assert_eq!(block_stride(40_000), 4096);
        assert_eq!(block_stride(256 << 20), 8 << 20);
    }

    #[test]
    fn example_names_cannot_forge_lines() {
        let mut d = detector(&[], &[]);
        d.read("C/x/Restore-My-Files\n→ Fehlalarm.txt", b"pay", None);
        d.read("C/y/_readme.txt", b"pay", None);
        let r = d.finish(0, &|_| None);
        assert!(
            r.examples.iter().all(|e| !e.contains('\n')),
            "{:?}",
            r.examples
        );
        assert!(r.examples[0].contains("\\n"), "{:?}", r.examples);
    }
}
