//! The simulated instance: databases with rows, FILESTREAM blobs and files,
//! plus the knobs tests turn (edition, FILESTREAM, faults, BACKUP steps).

use chrono::NaiveDateTime;
use std::collections::HashMap;
use std::path::PathBuf;

/// See [`Instance::on_batch`].
pub type BatchHook = Box<dyn FnMut(&str) + Send>;

pub struct Instance {
    pub server_name: String,
    pub edition: String,
    /// SERVERPROPERTY('EngineEdition'): 4 = Express, 2 = Standard, 3 = Enterprise.
    pub engine_edition: i32,
    pub version: String,
    /// SERVERPROPERTY('FilestreamEffectiveLevel'): 0 = disabled.
    pub filestream_level: i32,
    pub data_path: String,
    pub log_path: String,
    pub service_account: String,
    /// SQL logins: user → password.
    pub logins: HashMap<String, String>,
    pub databases: Vec<SimDatabase>,
    pub faults: Faults,
    /// Steps of a BACKUP DATABASE: 0 finishes at once; n shows percent_complete
    /// 0, 100/n, … and takes the next step only after a progress poll (a query of
    /// sys.dm_exec_requests) has read the current value — progress is driven by
    /// the poller's events, never by time.
    pub backup_steps: u32,
    /// The last (session, percent_complete) a sys.dm_exec_requests query returned.
    pub progress_seen: tokio::sync::watch::Sender<(u16, f32)>,
    /// session id → percent_complete of its running BACKUP/RESTORE.
    pub running: HashMap<u16, f32>,
    /// Every batch received, in order, for assertions on what was sent.
    pub batches: Vec<String>,
    /// Called with each batch's text when it arrives, before it runs: lets a
    /// test act at an exact point of a job (e.g. damage the staging file
    /// between BACKUP and VERIFYONLY, as a failing disk would). Runs under
    /// the simulator's lock, so it must not call `Simulator::with`.
    pub on_batch: Option<BatchHook>,
    /// Attention packets received.
    pub attentions: u32,
    pub next_spid: u16,
    pub next_database_id: i32,
    /// session id → the database the session is using (LOGIN7's database, or
    /// the login's default). "Database context" is per session:
    /// https://learn.microsoft.com/sql/t-sql/language-elements/use-transact-sql
    pub sessions: HashMap<u16, String>,
    /// Sessions ended by `WITH ROLLBACK IMMEDIATE`; their connection is closed.
    pub killed: Vec<u16>,
    /// A login's default database (master when not listed): used when LOGIN7
    /// names none. https://learn.microsoft.com/sql/t-sql/statements/create-login-transact-sql
    pub default_db: HashMap<String, String>,
    /// Whether the logins hold VIEW SERVER STATE. Without it
    /// sys.dm_exec_requests shows only the caller's own session:
    /// https://learn.microsoft.com/sql/relational-databases/system-dynamic-management-views/sys-dm-exec-requests-transact-sql#permissions
    pub view_server_state: bool,
    /// A practice service that reconnects in a loop to this database: at every
    /// batch boundary it takes the database's single connection whenever the
    /// database is SINGLE_USER and nobody holds it (session `PRACTICE_SPID`).
    pub practice_service: Option<String>,
}

/// The session id of `Instance::practice_service`.
pub const PRACTICE_SPID: u16 = 999;

/// Failures a test can switch on.
#[derive(Default, Clone)]
pub struct Faults {
    /// BACKUP TO DISK under this folder fails with 3201 / OS error 5.
    pub access_denied_dir: Option<PathBuf>,
    /// BACKUP fails with 3202 / OS error 112 (disk full).
    pub disk_full: bool,
    /// Every login fails with 18456.
    pub reject_logins: bool,
    /// BACKUP never finishes until the client sends an Attention.
    pub hang_backup: bool,
    /// Databases restored from now on fail DBCC CHECKDB.
    pub corrupt_restores: bool,
    /// BACKUP fails with 3202 carrying this OS error (number, text) instead of 112.
    pub write_error: Option<(u32, String)>,
    /// RESTORE DATABASE fails with a read error after it started: the target is
    /// left RESTORING (with REPLACE, the old database is gone).
    pub fail_restore_midway: bool,
    /// The next this many ALTER DATABASE … SET MULTI_USER fail with 5061 (a
    /// lock could not be placed), as while another session holds a lock on
    /// the database; `u32::MAX`: every one.
    pub refuse_multi_user: u32,
}

#[derive(Clone)]
pub struct SimFile {
    pub logical: String,
    pub physical: String,
    /// 'D' rows, 'L' log, 'S' FILESTREAM container.
    pub kind: char,
    pub filegroup: Option<String>,
    pub size: u64,
    /// A container of a MEMORY_OPTIMIZED_DATA filegroup (type 'S' too, but no
    /// FILESTREAM needed): https://learn.microsoft.com/sql/relational-databases/in-memory-oltp/the-memory-optimized-filegroup
    pub memory_optimized: bool,
}

#[derive(Clone)]
pub struct Blob {
    pub name: String,
    pub data: Vec<u8>,
}

#[derive(Clone)]
pub struct SimDatabase {
    pub id: i32,
    pub name: String,
    pub state: String,
    /// user_access_desc: MULTI_USER, SINGLE_USER, RESTRICTED_USER.
    pub user_access: String,
    /// The database family (family GUID): RESTORE without REPLACE over a
    /// database of another family fails with 3154.
    pub family: u64,
    pub recovery_model: String,
    pub log_reuse_wait: String,
    pub last_log_backup: Option<NaiveDateTime>,
    pub is_snapshot: bool,
    pub row_size: usize,
    pub rows: Vec<Vec<u8>>,
    pub blobs: Vec<Blob>,
    pub files: Vec<SimFile>,
    pub lsn: u128,
    /// Checkpoint LSN of the last full, non-copy-only backup (the differential base).
    pub diff_base_lsn: u128,
    /// DBCC CHECKDB reports consistency errors when set.
    pub corrupt: bool,
}

impl SimDatabase {
    /// A SIMPLE-recovery database with `rows` deterministic rows and rows/log files
    /// under `data_dir`.
    pub fn new(name: &str, data_dir: &str, rows: usize, row_size: usize) -> Self {
        let mut db = SimDatabase {
            id: 0,
            name: name.to_string(),
            state: "ONLINE".into(),
            user_access: "MULTI_USER".into(),
            family: fnv(name.as_bytes()),
            recovery_model: "SIMPLE".into(),
            log_reuse_wait: "NOTHING".into(),
            last_log_backup: None,
            is_snapshot: false,
            row_size,
            rows: (0..rows).map(|i| row_bytes(name, i, 0, row_size)).collect(),
            blobs: Vec::new(),
            files: Vec::new(),
            lsn: 34_000_000_012_300_037,
            diff_base_lsn: 0,
            corrupt: false,
        };
        let size = (rows * row_size) as u64 + 8 * 1024 * 1024;
        db.files.push(SimFile {
            logical: name.to_string(),
            physical: format!("{data_dir}/{name}.mdf"),
            kind: 'D',
            filegroup: Some("PRIMARY".into()),
            size,
            memory_optimized: false,
        });
        db.files.push(SimFile {
            logical: format!("{name}_log"),
            physical: format!("{data_dir}/{name}_log.ldf"),
            kind: 'L',
            filegroup: None,
            size: 8 * 1024 * 1024,
            memory_optimized: false,
        });
        db
    }

    /// Adds a FILESTREAM filegroup with one container holding `blobs`.
    pub fn with_filestream(mut self, data_dir: &str, blobs: Vec<Blob>) -> Self {
        let size = blobs.iter().map(|b| b.data.len() as u64).sum();
        self.files.push(SimFile {
            logical: format!("{}_fs", self.name),
            physical: format!("{data_dir}/{}_fs", self.name),
            kind: 'S',
            filegroup: Some("FS".into()),
            size,
            memory_optimized: false,
        });
        self.blobs = blobs;
        self
    }

    /// Adds a MEMORY_OPTIMIZED_DATA filegroup with one container of `size` bytes.
    pub fn with_memory_optimized(mut self, data_dir: &str, size: u64) -> Self {
        self.files.push(SimFile {
            logical: format!("{}_mod", self.name),
            physical: format!("{data_dir}/{}_mod", self.name),
            kind: 'S',
            filegroup: Some("MOD".into()),
            size,
            memory_optimized: true,
        });
        self
    }

    /// Sessions other than `spid` using this database.
    pub fn users(&self, inst: &Instance, spid: u16) -> Vec<u16> {
        inst.sessions
            .iter()
            .filter(|(s, db)| **s != spid && db.eq_ignore_ascii_case(&self.name))
            .map(|(s, _)| *s)
            .collect()
    }

    pub fn full_recovery(mut self) -> Self {
        self.recovery_model = "FULL".into();
        self.log_reuse_wait = "LOG_BACKUP".into();
        self
    }

    /// Rewrites rows `start..start + count` (a new version of their content).
    pub fn touch_rows(&mut self, start: usize, count: usize) {
        for i in start..(start + count).min(self.rows.len()) {
            let version = self.rows[i].first().copied().unwrap_or(0).wrapping_add(1);
            self.rows[i] = row_bytes(&self.name, i, version, self.row_size);
        }
        self.lsn += 1000;
    }
}

/// Deterministic row content; the first byte is the row's version.
pub fn row_bytes(db: &str, index: usize, version: u8, size: usize) -> Vec<u8> {
    let mut x = fnv(db.as_bytes())
        ^ (index as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)
        ^ u64::from(version);
    let mut out = vec![version];
    while out.len() < size {
        // xorshift: cheap, deterministic, incompressible enough for dedup tests.
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        out.extend_from_slice(&x.to_le_bytes());
    }
    out.truncate(size);
    out
}

pub fn fnv(data: &[u8]) -> u64 {
    data.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01B3)
    })
}

impl Instance {
    /// An Express instance named like a medatixx installation, FILESTREAM on.
    pub fn express(data_dir: &str) -> Self {
        let mut logins = HashMap::new();
        logins.insert("tresor".to_string(), "geheim".to_string());
        Instance {
            server_name: "PRAXIS-SRV\\MEDATIXX".into(),
            edition: "Express Edition (64-bit)".into(),
            engine_edition: 4,
            version: "16.0.1000.6".into(),
            filestream_level: 2,
            data_path: data_dir.to_string(),
            log_path: data_dir.to_string(),
            service_account: "NT SERVICE\\MSSQL$MEDATIXX".into(),
            logins,
            databases: Vec::new(),
            faults: Faults::default(),
            backup_steps: 0,
            progress_seen: tokio::sync::watch::Sender::new((0, 0.0)),
            running: HashMap::new(),
            batches: Vec::new(),
            on_batch: None,
            attentions: 0,
            next_spid: 51,
            next_database_id: 5,
            sessions: HashMap::new(),
            killed: Vec::new(),
            default_db: HashMap::new(),
            view_server_state: true,
            practice_service: None,
        }
    }

    pub fn add(&mut self, mut db: SimDatabase) {
        db.id = self.next_database_id;
        self.next_database_id += 1;
        self.databases.push(db);
    }

    pub fn db(&self, name: &str) -> Option<&SimDatabase> {
        self.databases
            .iter()
            .find(|d| d.name.eq_ignore_ascii_case(name))
    }

    /// Ends every session but `spid` using `name` (WITH ROLLBACK IMMEDIATE).
    pub fn kill_users(&mut self, name: &str, spid: u16) {
        let users = self
            .db(name)
            .map(|d| d.users(self, spid))
            .unwrap_or_default();
        for s in users {
            self.sessions.remove(&s);
            self.killed.push(s);
        }
    }

    /// At a batch boundary the reconnecting practice service gets in where it can.
    pub fn practice_service_reconnects(&mut self) {
        let Some(name) = self.practice_service.clone() else {
            return;
        };
        let free = self.db(&name).is_some_and(|d| {
            d.state == "ONLINE" && (d.user_access == "MULTI_USER" || d.users(self, 0).is_empty())
        });
        if free {
            self.killed.retain(|s| *s != PRACTICE_SPID);
            self.sessions.insert(PRACTICE_SPID, name);
        }
    }

    pub fn db_mut(&mut self, name: &str) -> Option<&mut SimDatabase> {
        self.databases
            .iter_mut()
            .find(|d| d.name.eq_ignore_ascii_case(name))
    }
}
