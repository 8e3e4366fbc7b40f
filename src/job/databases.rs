//! The database part of a backup job: which databases of the configured SQL
//! Server belong to the job, their native backups into the staging folder,
//! and the paths of database files that file sources must never copy raw.
//! Everything SQL Server-specific happens in `source::sqlserver`; this file
//! only connects the job's configuration to it.

use std::time::Duration;

use globset::GlobBuilder;

use crate::config::{DatabaseSpec, SqlAuth, SqlServerConfig, SqlTarget};
use crate::source::sqlserver::{
    self, Auth, DatabaseInfo, Discovery, ServerAddress, SqlError, SqlServerSettings, SqlWarning,
};

/// The databases one job backs up, and how to reach their server.
pub struct DatabasePlan {
    pub settings: SqlServerSettings,
    pub specs: Vec<DatabaseSpec>,
    /// BACKUP … COPY_ONLY (the default, see `config::jobs`).
    pub copy_only: bool,
}

/// A database the job's profiles list while tresor.yaml has no `sqlserver:`
/// section: it cannot be backed up. A required one fails the job (exit 2);
/// an optional one (a discovery pattern such as x.concept's) is a note.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unconfigured {
    /// Name or pattern as the profile writes it (`WINACS`, `medatixx*`).
    pub database: String,
    pub optional: bool,
    /// The profiles that list it (`x.isynet`).
    pub profiles: Vec<String>,
}

/// The job's databases that no backup can reach because `sqlserver:` is
/// missing (empty when a server is configured or the job has none).
pub fn unconfigured(cfg: &crate::config::Config, job: &crate::config::Job) -> Vec<Unconfigured> {
    if cfg.sqlserver.is_some() {
        return Vec::new();
    }
    job.databases
        .iter()
        .map(|d| Unconfigured {
            database: d.name.clone(),
            optional: d.optional,
            profiles: crate::config::Profile::needing(&cfg.profiles, &d.name)
                .into_iter()
                .map(String::from)
                .collect(),
        })
        .collect()
}

/// Turns the configured server into connection settings.
pub fn settings(cfg: &SqlServerConfig) -> Result<SqlServerSettings, SqlError> {
    let mut s = match &cfg.target {
        SqlTarget::ConnectionString(cs) => {
            sqlserver::parse_connection_string(cs)?.into_settings(cfg.staging.clone())
        }
        SqlTarget::Server {
            host,
            instance,
            port,
            auth,
        } => {
            let server = match (instance, port) {
                (Some(i), None) => ServerAddress::Named {
                    host: host.clone(),
                    instance: i.clone(),
                },
                (_, p) => ServerAddress::Host {
                    host: host.clone(),
                    port: p.unwrap_or(1433),
                },
            };
            let auth = match auth {
                SqlAuth::Windows => Auth::Windows,
                SqlAuth::Sql { user, password } => Auth::Sql {
                    user: user.clone(),
                    password: password.clone(),
                },
            };
            SqlServerSettings::new(server, auth, cfg.staging.clone())
        }
    };
    if cfg.trust_server_certificate {
        s.trust_server_certificate = true;
    }
    s.statement_timeout = Duration::from_secs(u64::from(cfg.timeout_minutes.max(1)) * 60);
    Ok(s)
}

/// What discovery says about the job's databases.
pub struct Selection {
    pub discovery: Discovery,
    pub databases: Vec<DatabaseInfo>,
    /// Required databases the server does not have.
    pub missing: Vec<String>,
    pub warnings: Vec<SqlWarning>,
}

/// Matches the job's database names and patterns against the server.
pub fn select(discovery: Discovery, specs: &[DatabaseSpec]) -> Selection {
    let mut databases: Vec<DatabaseInfo> = Vec::new();
    let mut missing = Vec::new();
    for spec in specs {
        let glob = GlobBuilder::new(&spec.name)
            .case_insensitive(true)
            .build()
            .ok()
            .map(|g| g.compile_matcher());
        let hits: Vec<&DatabaseInfo> = discovery
            .databases
            .iter()
            .filter(|d| !d.is_system && !d.is_snapshot)
            .filter(|d| match &glob {
                Some(m) => m.is_match(&d.name),
                None => d.name.eq_ignore_ascii_case(&spec.name),
            })
            .collect();
        if hits.is_empty() && !spec.optional {
            missing.push(spec.name.clone());
        }
        for d in hits {
            if !databases.iter().any(|x| x.name == d.name) {
                databases.push(d.clone());
            }
        }
    }
    let warnings = sqlserver::warnings(&discovery)
        .into_iter()
        .filter(|w| databases.iter().any(|d| d.name == w.database()))
        .collect();
    // An OFFLINE or RESTORING database would only fail BACKUP (942, 927) and
    // raise an alarm every night: it is skipped, and its NotOnline warning
    // above says so once.
    databases.retain(DatabaseInfo::can_back_up);
    Selection {
        discovery,
        databases,
        missing,
        warnings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::sqlserver::{DbFile, FileKind};

    fn db(name: &str, state: &str) -> DatabaseInfo {
        DatabaseInfo {
            name: name.into(),
            state: state.into(),
            is_snapshot: false,
            is_system: false,
            recovery_model: "SIMPLE".into(),
            log_reuse_wait: "NOTHING".into(),
            last_log_backup: None,
            files: vec![DbFile {
                logical_name: name.into(),
                physical_path: format!("C:\\DATA\\{name}.mdf").into(),
                kind: FileKind::Rows,
                size_bytes: 8192,
            }],
        }
    }

    #[test]
    fn offline_and_restoring_databases_are_skipped_with_one_warning_each() {
        let discovery = Discovery {
            server_name: "PRAXIS".into(),
            edition: "Express Edition".into(),
            is_express: true,
            version: "16.0.1000.6".into(),
            major_version: 16,
            filestream_enabled: true,
            default_data_path: None,
            default_log_path: None,
            databases: vec![
                db("medatixx_a", "ONLINE"),
                db("medatixx_b", "OFFLINE"),
                db("medatixx_c", "RESTORING"),
            ],
            other_files: Vec::new(),
        };
        let spec = DatabaseSpec {
            name: "medatixx_*".into(),
            optional: false,
            filestream: false,
        };
        let sel = select(discovery, &[spec]);
        let names: Vec<&str> = sel.databases.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(names, ["medatixx_a"]);
        assert!(sel.missing.is_empty());
        assert_eq!(
            sel.warnings,
            [
                SqlWarning::NotOnline {
                    database: "medatixx_b".into(),
                    state: "OFFLINE".into()
                },
                SqlWarning::NotOnline {
                    database: "medatixx_c".into(),
                    state: "RESTORING".into()
                }
            ]
        );
    }

    #[test]
    fn connection_string_and_fields_become_settings() {
        let cfg = SqlServerConfig {
            target: SqlTarget::ConnectionString(
                "Data Source=.\\MEDATIXX;Integrated Security=True".into(),
            ),
            staging: "/srv/staging".into(),
            staging_for_server: "C:\\tresor\\staging".into(),
            timeout_minutes: 90,
            trust_server_certificate: true,
        };
        let s = settings(&cfg).unwrap();
        assert!(
            matches!(s.server, ServerAddress::Named { ref instance, .. } if instance == "MEDATIXX")
        );
        assert!(matches!(s.auth, Auth::Windows));
        assert!(s.trust_server_certificate);
        assert_eq!(s.statement_timeout, Duration::from_secs(90 * 60));
        let cfg = SqlServerConfig {
            target: SqlTarget::Server {
                host: "srv".into(),
                instance: None,
                port: Some(1500),
                auth: SqlAuth::Windows,
            },
            ..cfg
        };
        assert!(matches!(
            settings(&cfg).unwrap().server,
            ServerAddress::Host { port: 1500, .. }
        ));
    }
}
