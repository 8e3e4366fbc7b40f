//! Test aid: an in-memory repository and a real backup of a folder into it,
//! for library-level tests of the jobs that read snapshots (restore,
//! retention). Not for production use.

use std::path::Path;
use std::sync::Arc;

use super::backup::{self, BackupPlan, SourceSpec};
use crate::repo::crypto::{generate_key, Identities};
use crate::repo::lock::LockedRepo;
use crate::repo::repofile::Secrets;
use crate::repo::{InitOptions, Repository, Snapshot};
use crate::report::Progress;
use crate::source::files::WalkSpec;
use crate::storage::memory::MemoryBackend;

/// An initialised repository in memory and the key that opens it.
pub struct MemRepo {
    pub mem: Arc<MemoryBackend>,
    pub ids: Arc<Identities>,
}

pub fn quiet() -> Progress {
    Progress::new(true, crate::i18n::Language::En)
}

impl MemRepo {
    pub fn new() -> MemRepo {
        let mem = Arc::new(MemoryBackend::new());
        let key = generate_key();
        Repository::init(
            mem.clone(),
            InitOptions::new(vec![key.recipient], Secrets::generate()),
        )
        .unwrap();
        let ids = Arc::new(Identities::parse(&key.secret).unwrap());
        MemRepo { mem, ids }
    }

    pub fn open(&self) -> Repository {
        Repository::open(self.mem.clone(), self.ids.clone()).unwrap()
    }

    /// Backs `root` up as job `job` under the snapshot path `praxis`;
    /// panics when a file could not be saved.
    pub fn back_up(&self, job: &str, root: &Path) -> Snapshot {
        let plan = BackupPlan {
            job: job.into(),
            practice: String::new(),
            sources: vec![SourceSpec {
                label: "praxis".into(),
                walk: WalkSpec {
                    root: root.to_path_buf(),
                    snapshot_path: "praxis".into(),
                    include: Vec::new(),
                    exclude: Vec::new(),
                    excluded_paths: Vec::new(),
                    optional: false,
                },
            }],
            databases: None,
            not_configured: Vec::new(),
            threads: 2,
            evidence: None,
            guard: None,
        };
        let mut locked = LockedRepo::open(self.open(), &format!("backup {job}")).unwrap();
        let out = backup::run(&mut locked, &plan, &quiet()).unwrap();
        assert!(out.failures.is_empty(), "{:?}", out.failures);
        out.snapshot
    }
}
