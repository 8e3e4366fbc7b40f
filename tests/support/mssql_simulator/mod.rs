//! # mssql_simulator — a SQL Server *simulator* for tests (not SQL Server)
//!
//! A small TDS 7.4 server on 127.0.0.1 (random port) that answers exactly the
//! statements `tresor::source::sqlserver` sends, so its backup/restore paths
//! can be tested on Linux without a real SQL Server.
//!
//! What it simulates:
//! - PRELOGIN (always ENCRYPT_NOT_SUP: clients must use `Encryption::NotSupported`),
//!   LOGIN7 with SQL logins (user/password checked, 18456 on failure), LOGINACK,
//!   ENVCHANGE, DONE; SQL batches answered with COLMETADATA/ROW/INFO/ERROR/DONE;
//!   Attention → DONE with the attention flag.
//! - An in-memory instance (`model::Instance`): edition, version, FILESTREAM level,
//!   default paths, service account, databases with rows, FILESTREAM blobs and files.
//! - The catalog queries the module sends (SERVERPROPERTY, sys.databases,
//!   sys.master_files, sys.dm_exec_requests, sys.dm_server_services, DB_ID).
//! - BACKUP DATABASE … TO DISK writing a page-structured file (`bakfile.rs`)
//!   with CHECKSUM/INIT/FORMAT/COPY_ONLY; RESTORE HEADERONLY/FILELISTONLY/
//!   VERIFYONLY/DATABASE … WITH MOVE, REPLACE (materialising files, incl. one file
//!   per FILESTREAM blob); DBCC CHECKDB; DROP DATABASE; ALTER DATABASE … SET.
//! - Sessions as the server keeps them (issue 15): each session uses the
//!   LOGIN7 database (else the login's default); ALTER DATABASE … SET
//!   SINGLE_USER/MULTI_USER [WITH ROLLBACK IMMEDIATE] changes user access and
//!   ends other sessions; 924, 3101, 3102, 3142, 3154, 3159, 3702, 5052, 5064
//!   where Microsoft documents them; a reconnecting "practice service"
//!   (`Instance::practice_service`); sys.master_files size 0 for FILESTREAM
//!   containers with the real size in `[db].sys.database_files`;
//!   memory-optimized containers; sys.dm_exec_requests limited to the own
//!   session without VIEW SERVER STATE; HEADERONLY/FILELISTONLY column types
//!   as documented. Each behaviour cites its learn.microsoft.com page.
//! - Faults: 3201/OS error 5 on a folder, 3202 with OS error 112 or any other,
//!   offline database (942), RESTORING (927), rejected logins (18456), a BACKUP
//!   that hangs until cancelled, a RESTORE that fails after it began, a SET
//!   MULTI_USER refused with 5061. A database's user access is part of its
//!   backup and comes back with RESTORE.
//!
//! What it does not simulate: TLS, Windows/Kerberos logins, SQL Browser (UDP
//! 1434), RPC/sp_executesql, transactions, real SQL parsing (catalog queries are
//! recognised by the view they read), the real .bak (MTF) format, log backups,
//! appending backup sets to an existing file, permissions beyond the faults above.

pub mod backup;
pub mod bakfile;
pub mod catalog;
pub mod dbcc;
pub mod exec;
pub mod fixture;
pub mod lexer;
pub mod login;
pub mod model;
pub mod restore;
pub mod session;
pub mod tokens;
pub mod wire;

#[allow(unused_imports)]
pub use model::{Blob, Faults, Instance, SimDatabase};

use std::sync::{Arc, Mutex};

pub type Shared = Arc<Mutex<Instance>>;

/// A running simulator; stops when dropped.
pub struct Simulator {
    pub port: u16,
    pub state: Shared,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Simulator {
    pub fn start(instance: Instance) -> Simulator {
        let state: Shared = Arc::new(Mutex::new(instance));
        let (stop_tx, stop_rx) = tokio::sync::oneshot::channel();
        let (port_tx, port_rx) = std::sync::mpsc::channel();
        let shared = state.clone();
        let thread = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("simulator runtime");
            rt.block_on(async move {
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                    .await
                    .expect("bind");
                let port = listener.local_addr().expect("addr").port();
                port_tx.send(port).expect("report port");
                let accept = async {
                    loop {
                        let Ok((stream, _)) = listener.accept().await else {
                            continue;
                        };
                        let shared = shared.clone();
                        tokio::spawn(async move {
                            let _ = session::serve(stream, shared).await;
                        });
                    }
                };
                tokio::select! {
                    _ = accept => {}
                    _ = stop_rx => {}
                }
            });
            rt.shutdown_background();
        });
        let port = port_rx.recv().expect("simulator started");
        Simulator {
            port,
            state,
            stop: Some(stop_tx),
            thread: Some(thread),
        }
    }

    /// Runs `f` on the instance (to set faults, add databases, inspect state).
    pub fn with<R>(&self, f: impl FnOnce(&mut Instance) -> R) -> R {
        f(&mut self.state.lock().expect("simulator lock"))
    }
}

impl Drop for Simulator {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
